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
                + (faults == 1 ? " fault, " : " faults, ") + (checkCount(plan.slo()) + (hasApiOutage(plan) ? 1 : 0)) + " checks, load "
                + Durations.format(plan.loadDuration());
    }

    /**
     * @return the checks the verdict will hold (regression checks aside: they need a baseline): the run's validity
     *         (achieved rate, injection lag, send lag, host headroom), one per latency bound and error bound, per zero-downtime budget (and its
     *         recovery), two per scaling promise (desired, then ready or replicas; and scale-up's p99 recovery), one
     *         per rollout bound and per balance bound
     */
    /** An api-outage adds the check that shows the recorder's gap ({@code validity.timelineGaps}). */
    static boolean hasApiOutage(dev.saleday.plan.Plan plan) {
        return plan.faults().stream().anyMatch(f -> f.action() instanceof dev.saleday.plan.Action.ApiOutage);
    }

    static int checkCount(Slo slo) {
        int checks = 4;
        for (Slo.Latency latency : slo.latency()) {
            checks += latency.bounds().size();
        }
        checks += slo.errors().size();
        for (Slo.ZeroDowntime zero : slo.zeroDowntime()) {
            checks += zero.recoverWithin() == null ? 1 : 2;
        }
        if (slo.scaleUp() != null) {
            checks += slo.scaleUp().p99RecoversWithin() == null ? 2 : 3;
        }
        if (slo.scaleDown() != null) {
            checks += 2;
        }
        checks += slo.rollouts().size();
        checks += slo.balance().size();
        return checks;
    }
}
