package dev.saleday.reports.observed;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How many pods the real (unscaled) day needs and whether the HorizontalPodAutoscaler covers it, with the arithmetic
 * shown: pods = ceil(rate / per-pod rate at the HPA's target), min and max replicas against the baseline's and the
 * peak's pods, and how long the HPA's scale-up takes from the one to the other under its {@link ScaleUpBehavior}
 * (Kubernetes' default when the HPA sets none: the larger of +100 % and +4 pods per 15 s, no window).
 *
 * <p>The scale-up is played sync by sync as the HPA controller plays it (horizontal.go,
 * normalizeDesiredReplicasWithBehaviors): the load jumps from the baseline to the peak just after a sync, so the
 * first sync that sees the peak is {@link ScaleUpBehavior#SYNC_SECONDS} s later; a stabilization window of W s holds
 * the scale-up until the baseline's recommendation has left it (the first sync at or after W s); at each sync the
 * replicas may grow to the policies' limit (each policy's limit counted from the replicas at the start of its period:
 * the current replicas minus those added in the last periodSeconds; {@code Pods}: + value, {@code Percent}:
 * ceil(x (1 + value / 100)); {@code Max} takes the largest, {@code Min} the smallest), never past min(peak pods,
 * maxReplicas). Not counted: the metrics pipeline's own delay (metrics-server's 15 s window) and the pods' start-up.
 *
 * @param perPodRpsAtTarget one pod's rate at the HPA's target utilisation, req/s
 * @param source            how that rate was measured, one sentence
 * @param targetPercent     the HPA's target CPU utilisation, percent of the request
 * @param baselineRps       the plan's unscaled baseline rate, req/s
 * @param peakRps           the plan's unscaled peak rate, req/s
 * @param minReplicas       the HPA's minReplicas
 * @param maxReplicas       the HPA's maxReplicas
 */
public record CapacityRecommendation(double perPodRpsAtTarget, String source, int targetPercent, double baselineRps,
                                     double peakRps, int minReplicas, int maxReplicas, ScaleUpBehavior behavior) {

    /** One sync of the scale-up that changed the replicas: at {@code atSeconds} after the load's jump, to {@code replicas}. */
    public record ScaleUpStep(int atSeconds, int replicas) {
    }

    /** With Kubernetes' default scale-up behaviour. */
    public CapacityRecommendation(double perPodRpsAtTarget, String source, int targetPercent, double baselineRps,
                                  double peakRps, int minReplicas, int maxReplicas) {
        this(perPodRpsAtTarget, source, targetPercent, baselineRps, peakRps, minReplicas, maxReplicas,
                ScaleUpBehavior.kubernetesDefault());
    }

    public CapacityRecommendation {
        behavior = behavior == null ? ScaleUpBehavior.kubernetesDefault() : behavior;
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
        if ("Disabled".equals(behavior.selectPolicy())) {
            return steps;
        }
        int sync = ScaleUpBehavior.SYNC_SECONDS;
        int window = behavior.stabilizationWindowSeconds();
        int first = Math.max(sync, (window + sync - 1) / sync * sync);
        int replicas = baselineReplicas();
        int previous = replicas;
        for (int t = first; replicas < goal && t < 1_000_000; t += sync) {
            boolean max = !"Min".equals(behavior.selectPolicy());
            int limit = max ? Integer.MIN_VALUE : Integer.MAX_VALUE;
            for (ScaleUpBehavior.Policy policy : behavior.policies()) {
                int added = 0;
                int before = previous;
                for (ScaleUpStep step : steps) {
                    if (step.atSeconds() > t - policy.periodSeconds()) {
                        added += step.replicas() - before;
                    }
                    before = step.replicas();
                }
                int periodStart = replicas - added;
                int policyLimit = policy.type().equals("Pods") ? periodStart + policy.value()
                        : (int) Math.ceil(periodStart * (1 + policy.value() / 100.0));
                limit = max ? Math.max(limit, policyLimit) : Math.min(limit, policyLimit);
            }
            int next = Math.min(goal, Math.max(replicas, limit));
            if (next > replicas) {
                steps.add(new ScaleUpStep(t, next));
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
                        ? ("Disabled".equals(behavior.selectPolicy()) && baselineReplicas() < peakReplicas()
                        ? "never" : "already there")
                        : played + " = " + scaleUpSeconds() + " s",
                behavior.describe(), ScaleUpBehavior.SYNC_SECONDS));
        return lines;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
