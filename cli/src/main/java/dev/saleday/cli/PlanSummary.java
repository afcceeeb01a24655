package dev.saleday.cli;

import dev.saleday.plan.Durations;
import dev.saleday.plan.Plan;
import dev.saleday.plan.Slo;

/** One line about a valid plan: what it will run and check. */
final class PlanSummary {

    private PlanSummary() {
    }

    static String line(Plan plan) {
        int phases = plan.traffic().phases().size();
        int faults = plan.faults().size();
        return "plan OK: " + phases + (phases == 1 ? " phase, " : " phases, ") + faults
                + (faults == 1 ? " fault, " : " faults, ") + checkCount(plan.slo()) + " checks, load "
                + Durations.format(plan.loadDuration());
    }

    /**
     * @return the checks the verdict will hold: one per latency bound, error bound, zero-downtime budget (and its
     *         recovery), scaling promise (and p99 recovery), rollout bound, plus the run's validity (achieved rate)
     */
    static int checkCount(Slo slo) {
        int checks = 1;
        for (Slo.Latency latency : slo.latency()) {
            checks += latency.bounds().size();
        }
        checks += slo.errors().size();
        for (Slo.ZeroDowntime zero : slo.zeroDowntime()) {
            checks += zero.recoverWithin() == null ? 1 : 2;
        }
        if (slo.scaleUp() != null) {
            checks += slo.scaleUp().p99RecoversWithin() == null ? 1 : 2;
        }
        if (slo.scaleDown() != null) {
            checks++;
        }
        checks += slo.rollouts().size();
        return checks;
    }
}
