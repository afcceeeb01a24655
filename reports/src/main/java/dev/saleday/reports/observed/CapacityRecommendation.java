package dev.saleday.reports.observed;

import dev.saleday.plan.autoscaling.Behavior;
import dev.saleday.plan.autoscaling.ScalingRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How many pods the real (unscaled) day needs and whether the HorizontalPodAutoscaler covers it, with the arithmetic
 * shown: pods = ceil(rate / per-pod rate at the HPA's target), min and max replicas against the baseline's and the
 * peak's pods, and how long the HPA's scale-up takes from the one to the other under its {@code behavior.scaleUp}
 * ({@link ScalingRules}; Kubernetes' default when the HPA sets none: the larger of +4 pods and +100 % per 15 s, no
 * window).
 *
 * <p>The scale-up is replayed sync by sync through the HPA behaviour's own rule ({@link Behavior}, the one the
 * embedded cluster's HPA controller decides with; horizontal.go normalizeDesiredReplicasWithBehaviors): the baseline's
 * replicas are recommended at a sync, the load jumps to the peak just after it, so the first sync that sees the peak
 * is {@link ScalingRules#SYNC_PERIOD} later; a stabilization window holds the scale-up until the baseline's
 * recommendation has left it; each sync may grow the replicas to the policies' limit (each counted from the replicas
 * at the start of its period), never past min(peak pods, maxReplicas). Not counted: the metrics pipeline's own delay
 * (metrics-server's 15 s window) and the pods' start-up.
 *
 * @param perPodRpsAtTarget one pod's rate at the HPA's target utilisation, req/s
 * @param source            how that rate was measured, one sentence
 * @param targetPercent     the HPA's target CPU utilisation, percent of the request
 * @param baselineRps       the plan's unscaled baseline rate, req/s
 * @param peakRps           the plan's unscaled peak rate, req/s
 * @param minReplicas       the HPA's minReplicas
 * @param maxReplicas       the HPA's maxReplicas
 * @param behavior          the HPA's scale-up rules (null: Kubernetes' default)
 */
public record CapacityRecommendation(double perPodRpsAtTarget, String source, int targetPercent, double baselineRps,
                                     double peakRps, int minReplicas, int maxReplicas, ScalingRules behavior) {

    /** One sync of the scale-up that changed the replicas: at {@code atSeconds} after the load's jump, to {@code replicas}. */
    public record ScaleUpStep(int atSeconds, int replicas) {
    }

    /** With Kubernetes' default scale-up behaviour. */
    public CapacityRecommendation(double perPodRpsAtTarget, String source, int targetPercent, double baselineRps,
                                  double peakRps, int minReplicas, int maxReplicas) {
        this(perPodRpsAtTarget, source, targetPercent, baselineRps, peakRps, minReplicas, maxReplicas,
                ScalingRules.defaultScaleUp());
    }

    public CapacityRecommendation {
        behavior = behavior == null ? ScalingRules.defaultScaleUp() : behavior;
        if (!(perPodRpsAtTarget > 0)) {
            throw new IllegalArgumentException("the per-pod rate must be > 0, got " + perPodRpsAtTarget);
        }
        if (minReplicas < 1 || maxReplicas < minReplicas) {
            throw new IllegalArgumentException("replicas must be 1 <= min <= max, got " + minReplicas + ".."
                    + maxReplicas);
        }
    }

    public int podsForBaseline() {
        return podsFor(baselineRps);
    }

    public int podsForPeak() {
        return podsFor(peakRps);
    }

    /** @return ceil(rate / per-pod rate), at least 1 */
    public int podsFor(double rateRps) {
        return Math.max(1, (int) Math.ceil(rateRps / perPodRpsAtTarget - 1e-9));
    }

    public boolean minCoversBaseline() {
        return minReplicas >= podsForBaseline();
    }

    public boolean maxCoversPeak() {
        return maxReplicas >= podsForPeak();
    }

    /** @return maxReplicas over the peak's pods, minus one: 0.25 is 25 % more pods than the peak needs */
    public double peakHeadroom() {
        return (double) maxReplicas / podsForPeak() - 1;
    }

    /** @return the replicas the HPA starts from at the baseline: the baseline's pods, at least minReplicas */
    public int baselineReplicas() {
        return Math.min(maxReplicas, Math.max(minReplicas, podsForBaseline()));
    }

    /** @return the replicas the scale-up aims at: the peak's pods, at most maxReplicas */
    public int peakReplicas() {
        return Math.min(maxReplicas, Math.max(minReplicas, podsForPeak()));
    }

    /** @return each sync that changed the replicas, from {@link #baselineReplicas} to {@link #peakReplicas} */
    public List<ScaleUpStep> scaleUpTimeline() {
        int goal = peakReplicas();
        List<ScaleUpStep> steps = new ArrayList<>();
        if (behavior.disabled()) {
            return steps;
        }
        long syncSeconds = ScalingRules.SYNC_PERIOD.toSeconds();
        ScalingRules down = ScalingRules.defaultScaleDown(); // never applies: the recommendation only rises
        Behavior hpa = new Behavior();
        int replicas = baselineReplicas();
        hpa.decide(Instant.EPOCH, replicas, replicas, minReplicas, maxReplicas, behavior, down);
        for (long t = syncSeconds; replicas < goal && t < 1_000_000; t += syncSeconds) {
            Instant now = Instant.EPOCH.plusSeconds(t);
            int next = hpa.decide(now, replicas, podsForPeak(), minReplicas, maxReplicas, behavior, down).replicas();
            if (next > replicas) {
                hpa.scaled(now, replicas, next);
                steps.add(new ScaleUpStep((int) t, next));
                replicas = next;
            }
        }
        return steps;
    }

    /** @return the replicas after each sync that changed them, from {@link #baselineReplicas} to {@link #peakReplicas} */
    public List<Integer> scaleUpSteps() {
        return scaleUpTimeline().stream().map(ScaleUpStep::replicas).toList();
    }

    /** @return seconds the scale-up takes from the baseline's replicas to the peak's (or max), by the behaviour */
    public int scaleUpSeconds() {
        List<ScaleUpStep> steps = scaleUpTimeline();
        return steps.isEmpty() ? 0 : steps.get(steps.size() - 1).atSeconds();
    }

    /** @return the recommendation, each line with its arithmetic */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "one pod at the HPA's %d %% target: %.1f req/s (%s)", targetPercent,
                perPodRpsAtTarget, source));
        lines.add(String.format(Locale.ROOT, "baseline: ceil(%s / %.1f) = %d pods; minReplicas %d %s",
                number(baselineRps), perPodRpsAtTarget, podsForBaseline(), minReplicas,
                minCoversBaseline() ? "covers it" : "does not cover it: raise minReplicas to " + podsForBaseline()));
        lines.add(String.format(Locale.ROOT, "peak: ceil(%s / %.1f) = %d pods; maxReplicas %d %s", number(peakRps),
                perPodRpsAtTarget, podsForPeak(), maxReplicas, maxCoversPeak()
                        ? String.format(Locale.ROOT, "covers it with %.0f %% headroom", peakHeadroom() * 100)
                        : "does not cover it: raise maxReplicas to at least " + podsForPeak()));
        List<ScaleUpStep> steps = scaleUpTimeline();
        String played = steps.stream().map(s -> s.replicas() + " at " + s.atSeconds() + " s")
                .collect(java.util.stream.Collectors.joining(", "));
        lines.add(String.format(Locale.ROOT, "scale-up %d -> %d pods: %s (%s; a sync every %d s)",
                baselineReplicas(), peakReplicas(), steps.isEmpty()
                        ? (behavior.disabled() && baselineReplicas() < peakReplicas()
                        ? "never" : "already there")
                        : played + " = " + scaleUpSeconds() + " s",
                behavior.describeScaleUp(), ScalingRules.SYNC_PERIOD.toSeconds()));
        return lines;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
