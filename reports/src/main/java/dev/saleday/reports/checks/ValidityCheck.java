package dev.saleday.reports.checks;

import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanSchedule;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.analysis.SecondStats;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.CheckKind;
import dev.saleday.reports.verdict.Comparison;
import java.util.Locale;

/**
 * The run is valid when the injector achieved at least {@code slo.minAchievedRateFraction} of the intended
 * arrivals, and never fell further than {@code slo.maxInjectionLag} behind the plan's schedule: an injector that
 * could not keep up tested less than the plan, or another shape of it, and its run must not PASS.
 */
final class ValidityCheck {

    static final String NAME = "validity.achievedRate";
    static final String LAG_NAME = "validity.injectionLag";

    private ValidityCheck() {
    }

    static Check check(RunAnalysis analysis, Plan plan, PlanSchedule schedule) {
        long achieved = analysis.overall().arrivals();
        double intended = analysis.overall().intended();
        if (!analysis.complete() && analysis.overall().intended() > 0 && !analysis.seconds().isEmpty()) {
            // a cut-short run is judged on the part it recorded
            intended = Math.min(intended, schedule.arrivalsBefore(analysis.seconds().size() * 1000L));
        }
        double fraction = intended <= 0 ? (achieved > 0 ? 1 : 0) : achieved / intended;
        double threshold = plan.slo().minAchievedRateFraction();
        String detail = String.format(Locale.ROOT, "the injector started %d of %.0f intended requests (%.1f %%)",
                achieved, intended, fraction * 100);
        Long atMs = null;
        if (fraction < threshold) {
            detail += String.format(Locale.ROOT, "; below %.0f %% the run tested less than its plan",
                    threshold * 100);
            atMs = worstSecond(analysis);
        }
        return Check.of(NAME, CheckKind.VALIDITY, fraction, threshold, "fraction", Comparison.AT_LEAST, detail,
                atMs);
    }

    static Check lag(RunAnalysis analysis, Plan plan, PlanSchedule schedule) {
        double threshold = plan.slo().maxInjectionLag().toMillis() / 1000.0;
        long loadMillis = schedule.loadMillis();
        if (analysis.seconds().isEmpty() || loadMillis <= 0) {
            return Check.of(LAG_NAME, CheckKind.VALIDITY, Double.NaN, threshold, "s", Comparison.AT_MOST,
                    "no load was recorded", null);
        }
        long[] started = new long[(int) analysis.seconds().stream().mapToLong(SecondStats::second).max()
                .orElse(0) + 1];
        for (SecondStats second : analysis.seconds()) {
            if (second.second() >= 0) {
                started[(int) second.second()] += second.arrivals();
            }
        }
        // injector.jsonl's intended (a shard's share) over the plan's, to follow the plan's shape at that size
        double planned = schedule.totalArrivals();
        double intended = analysis.overall().intended();
        double share = intended > 0 && planned > 0 ? intended / planned : 1;
        InjectionLag.Result lag = InjectionLag.of(started, schedule, share);
        double measured = lag.lagMillis() / 1000.0;
        String detail = lag.atMs() < 0 ? "the injector kept to the plan's schedule"
                : String.format(Locale.ROOT, "the injector ran %.1f s behind the plan's schedule %.0f s into the"
                        + " load, and sent what it owed later", measured, lag.atMs() / 1000.0);
        Long loadStartMs = analysis.run().loadStartMs();
        Long atMs = lag.atMs() < 0 || loadStartMs == null ? null : loadStartMs + lag.atMs();
        if (measured > threshold) {
            detail += String.format(Locale.ROOT, "; over %.1f s behind, the load's shape was not the plan's",
                    threshold);
        }
        return Check.of(LAG_NAME, CheckKind.VALIDITY, measured, threshold, "s", Comparison.AT_MOST, detail, atMs);
    }

    private static Long worstSecond(RunAnalysis analysis) {
        SecondStats worst = null;
        for (SecondStats second : analysis.seconds()) {
            if (second.phase() != null && (worst == null || second.arrivals() < worst.arrivals())) {
                worst = second;
            }
        }
        return worst == null ? null : worst.startMs();
    }
}
