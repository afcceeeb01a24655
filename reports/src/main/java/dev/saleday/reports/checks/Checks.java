package dev.saleday.reports.checks;

import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanSchedule;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;

/** Every check the plan's {@code slo} (and {@code report.regression}) asks for, in {@code CheckKind} order. */
public final class Checks {

    private Checks() {
    }

    /** @param baseline an earlier run's verdict for regression checks, or null */
    public static List<Check> evaluate(RunAnalysis analysis, Plan plan, Verdict baseline) {
        return evaluate(analysis, plan, PlanSchedule.of(plan), baseline);
    }

    /**
     * @param schedule the plan's clock, built once for the whole analysis
     * @param baseline an earlier run's verdict for regression checks, or null
     */
    public static List<Check> evaluate(RunAnalysis analysis, Plan plan, PlanSchedule schedule, Verdict baseline) {
        List<Check> checks = new ArrayList<>();
        checks.add(ValidityCheck.check(analysis, plan, schedule));
        checks.add(ValidityCheck.lag(analysis, plan, schedule));
        checks.add(SendLagCheck.check(analysis, plan));
        Check gaps = TimelineGapsCheck.check(analysis, plan);
        if (gaps != null) {
            checks.add(gaps);
        }
        Check shards = ShardsCheck.check(analysis, plan, schedule);
        if (shards != null) {
            checks.add(shards);
        }
        checks.addAll(LatencyChecks.checks(analysis, plan.slo()));
        checks.addAll(ErrorRateChecks.checks(analysis, plan.slo()));
        checks.addAll(ZeroDowntimeChecks.checks(analysis, plan.slo()));
        checks.addAll(ScalingChecks.checks(analysis, plan, schedule));
        checks.addAll(RolloutChecks.checks(analysis, plan));
        checks.addAll(BalanceChecks.checks(analysis, plan));
        checks.addAll(ServerChecks.checks(analysis, plan.observe()));
        if (baseline != null && plan.report() != null && !plan.report().regression().isEmpty()) {
            checks.addAll(RegressionChecks.checks(Judge.summary(analysis), baseline, plan.report().regression()));
        }
        return NotReached.apply(analysis, plan, StarvedTailCheck.apply(analysis, plan,
                HostHeadroomCheck.apply(analysis, plan, checks)));
    }
}
