package dev.saleday.reports.checks;

import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanSchedule;
import dev.saleday.plan.Slo;
import dev.saleday.reports.analysis.ReplicaSample;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.CheckKind;
import dev.saleday.reports.verdict.Comparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The autoscaler's promises, timed from a phase's start: scale-up (HPA desired >= N, then ready >= N while it
 * asks for them, p99 back under its bound) and scale-down (desired and existing replicas <= N).
 */
final class ScalingChecks {

    private ScalingChecks() {
    }

    static List<Check> checks(RunAnalysis analysis, Plan plan, PlanSchedule schedule) {
        List<Check> checks = new ArrayList<>();
        Slo slo = plan.slo();
        Slo.ScaleUp up = slo.scaleUp();
        if (up != null && plan.traffic().phase(up.afterPhase()).isPresent()) {
            long fromMs = analysis.run().info().loadStartMs() + schedule.phaseStartMillis(up.afterPhase());
            double withinS = up.within().toMillis() / 1000.0;
            int n = up.replicas();
            checks.add(timeTo("scaleUp.desired", CheckKind.SCALE_UP, analysis, fromMs, withinS,
                    s -> atLeast(s.desired(), n), "HPA desired replicas >= " + n, up.afterPhase()));
            // ready counts only while the HPA asks for N: a rollout's surge pod also makes N ready, briefly
            checks.add(withPendingPods(timeTo("scaleUp.ready", CheckKind.SCALE_UP, analysis, fromMs, withinS,
                    s -> atLeast(s.desired(), n) && atLeast(s.ready(), n),
                    "ready replicas >= " + n + " with HPA desired >= " + n, up.afterPhase()), analysis, fromMs,
                    withinS));
            if (up.p99RecoversWithin() != null) {
                Bounds bounds = new Bounds(slo);
                long recoveredMs = Recovery.recoveredAtMs(analysis.seconds(), fromMs, second ->
                        second.all() == null || Double.isNaN(bounds.p99Ms(second.phase()))
                                || second.all().p99Ms() <= bounds.p99Ms(second.phase()));
                double measured = Recovery.secondsBetween(fromMs, recoveredMs);
                String detail = recoveredMs < 0 ? "p99 never stayed under its bound after " + up.afterPhase()
                        + " started"
                        : String.format(Locale.ROOT, "p99 under its bound for good (%d s in a row) %.1f s after %s"
                                + " started", Recovery.STABLE_SECONDS, measured, up.afterPhase());
                checks.add(Check.of("scaleUp.p99", CheckKind.SCALE_UP, measured,
                        up.p99RecoversWithin().toMillis() / 1000.0, "s", Comparison.AT_MOST, detail, fromMs));
            }
        }
        Slo.ScaleDown down = slo.scaleDown();
        if (down != null && plan.traffic().phase(down.afterPhase()).isPresent()) {
            long fromMs = analysis.run().info().loadStartMs() + schedule.phaseStartMillis(down.afterPhase());
            double withinS = down.within().toMillis() / 1000.0;
            int n = down.replicasAtMost();
            checks.add(timeTo("scaleDown.desired", CheckKind.SCALE_DOWN, analysis, fromMs, withinS,
                    s -> atMost(s.desired(), n), "HPA desired replicas <= " + n, down.afterPhase()));
            checks.add(timeTo("scaleDown.replicas", CheckKind.SCALE_DOWN, analysis, fromMs, withinS,
                    s -> atMost(s.replicas() != null ? s.replicas() : s.ready(), n), "replicas <= " + n,
                    down.afterPhase()));
        }
        return checks;
    }

    /**
     * A scale-up that failed or came late names the pods still waiting for a node at its deadline (or at the end of
     * the record, when it never came) and the scheduler's reason: the cluster's capacity, not the HPA, held it.
     */
    private static Check withPendingPods(Check ready, RunAnalysis analysis, long fromMs, double withinS) {
        if (ready.passed()) {
            return ready;
        }
        long deadlineMs = fromMs + Math.round(withinS * 1000);
        long atMs = Double.isNaN(ready.measured()) ? PendingPods.lastMs(analysis.timeline(), deadlineMs) : deadlineMs;
        PendingPods.Waiting waiting = PendingPods.at(analysis.timeline(), atMs);
        if (waiting.none()) {
            return ready;
        }
        String when = Double.isNaN(ready.measured()) ? " at the end of the record" : " at the deadline";
        return new Check(ready.name(), ready.kind(), ready.passed(), ready.measured(), ready.threshold(), ready.unit(),
                ready.comparison(), ready.detail() + "; " + waiting.describe() + when, ready.atMs(), ready.reached());
    }

    private static Check timeTo(String name, CheckKind kind, RunAnalysis analysis, long fromMs, double withinS,
                                Predicate<ReplicaSample> reached, String what, String phase) {
        long reachedMs = firstTime(analysis.replicas(), fromMs, reached);
        if (reachedMs < 0) {
            return Check.of(name, kind, Double.NaN, withinS, "s", Comparison.AT_MOST,
                    what + " was never reached after " + phase + " started" + lastKnown(analysis), fromMs);
        }
        double measured = Math.max(0, reachedMs - fromMs) / 1000.0;
        return Check.of(name, kind, measured, withinS, "s", Comparison.AT_MOST,
                String.format(Locale.ROOT, "%s %.1f s after %s started", what, measured, phase), reachedMs);
    }

    /** @return the first moment at or after {@code fromMs} when the step function satisfies {@code reached}, or -1 */
    static long firstTime(List<ReplicaSample> samples, long fromMs, Predicate<ReplicaSample> reached) {
        ReplicaSample atStart = null;
        for (ReplicaSample sample : samples) {
            if (sample.tMs() <= fromMs) {
                atStart = sample;
            }
        }
        if (atStart != null && reached.test(atStart)) {
            return fromMs;
        }
        for (ReplicaSample sample : samples) {
            if (sample.tMs() > fromMs && reached.test(sample)) {
                return sample.tMs();
            }
        }
        return -1;
    }

    private static String lastKnown(RunAnalysis analysis) {
        if (analysis.replicas().isEmpty()) {
            return " (timeline.jsonl recorded no replicas)";
        }
        ReplicaSample last = analysis.replicas().get(analysis.replicas().size() - 1);
        Function<Integer, String> show = v -> v == null ? "?" : v.toString();
        return " (last known: desired " + show.apply(last.desired()) + ", ready " + show.apply(last.ready())
                + ", replicas " + show.apply(last.replicas()) + ")";
    }

    private static boolean atLeast(Integer value, int n) {
        return value != null && value >= n;
    }

    private static boolean atMost(Integer value, int n) {
        return value != null && value <= n;
    }
}
