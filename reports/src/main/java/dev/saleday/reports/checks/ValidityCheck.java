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
        String span = "";
        if (analysis.recordedEndMs() != null) {
            // a cut-short run is judged on the whole seconds it recorded, started and intended alike
            long judged = judgedMillis(analysis, schedule);
            achieved = analysis.seconds().stream().filter(s -> s.second() >= 0 && s.second() < judged / 1000)
                    .mapToLong(SecondStats::arrivals).sum();
            intended = share(analysis, schedule) * schedule.arrivalsBefore(judged);
            // requests of the next second's schedule the injector started a few ms early are not extra load
            achieved = Math.min(achieved, (long) Math.ceil(intended));
            span = " in the first " + HostHeadroomCheck.clock(judged) + " of the load (its records end there)";
        }
        double fraction = intended <= 0 ? (achieved > 0 ? 1 : 0) : achieved / intended;
        if (analysis.recordedEndMs() != null) {
            // the intended count up to the cut is fractional: its rounded-up share is all the load there was
            fraction = Math.min(fraction, 1);
        }
        double threshold = plan.slo().minAchievedRateFraction();
        String detail = String.format(Locale.ROOT, "the injector started %d of %.0f intended requests (%.1f %%)%s",
                achieved, intended, fraction * 100, span);
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
        // a cut-short run: only the whole seconds it recorded; what it never recorded is no lag
        long judgedSeconds = judgedMillis(analysis, schedule) / 1000;
        long[] started = new long[(int) Math.min(judgedSeconds, analysis.seconds().stream()
                .mapToLong(SecondStats::second).max().orElse(0) + 1)];
        for (SecondStats second : analysis.seconds()) {
            if (second.second() >= 0 && second.second() < started.length) {
                started[(int) second.second()] += second.arrivals();
            }
        }
        InjectionLag.Result lag = InjectionLag.of(started, schedule, share(analysis, schedule));
        double measured = lag.lagMillis() / 1000.0;
        String detail = lag.atMs() < 0 ? "the injector kept to the plan's schedule"
                : String.format(Locale.ROOT, "the injector ran %.1f s behind the plan's schedule %.0f s into the"
                        + " load, and sent what it owed later", measured, lag.atMs() / 1000.0);
        Long loadStartMs = analysis.run().info().loadStartMs();
        Long atMs = lag.atMs() < 0 || loadStartMs == null ? null : loadStartMs + lag.atMs();
        if (measured > threshold) {
            detail += String.format(Locale.ROOT, "; over %.1f s behind, the load's shape was not the plan's",
                    threshold);
        }
        return Check.of(LAG_NAME, CheckKind.VALIDITY, measured, threshold, "s", Comparison.AT_MOST, detail, atMs);
    }

    /**
     * @return ms of the load the records cover: all of it for a complete run, else up to the last whole second
     *         before the records end
     */
    static long judgedMillis(RunAnalysis analysis, PlanSchedule schedule) {
        if (analysis.recordedEndMs() == null) {
            return schedule.loadMillis();
        }
        long into = analysis.recordedEndMs() - analysis.overall().startMs();
        return Math.max(0, Math.min(schedule.loadMillis(), Math.floorDiv(into, 1000) * 1000));
    }

    /**
     * @return this injector's share of the plan's arrivals: injector.jsonl's intended over the plan's for the span
     *         injector.jsonl covers (a shard's share; 1 without injector.jsonl)
     */
    static double share(RunAnalysis analysis, PlanSchedule schedule) {
        double intended = analysis.overall().intended();
        if (analysis.injector().isEmpty() || intended <= 0) {
            return 1;
        }
        long coveredMillis = analysis.injector().get(analysis.injector().size() - 1).tMs() + 1000
                - analysis.overall().startMs();
        double planned = schedule.arrivalsBefore(Math.min(schedule.loadMillis(), Math.max(0, coveredMillis)));
        return planned > 0 ? intended / planned : 1;
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
