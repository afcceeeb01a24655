package dev.saleday.reports.observed;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How many pods the real (unscaled) day needs and whether the HorizontalPodAutoscaler covers it, with the arithmetic
 * shown: pods = ceil(rate / per-pod rate at the HPA's target), min and max replicas against the baseline's and the
 * peak's pods, and how long the HPA's scale-up takes from the one to the other. The scale-up follows Kubernetes'
 * default behaviour for an HPA that sets none: every {@link #PERIOD_SECONDS} s the replicas may grow by the larger of
 * 100 % and 4 pods, with no stabilisation window (autoscaling/v2 defaults).
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
                                     double peakRps, int minReplicas, int maxReplicas) {

    /** The HPA's default scale-up policy period. */
    public static final int PERIOD_SECONDS = 15;
    /** The default policy's pods per period. */
    public static final int PODS_PER_PERIOD = 4;

    public CapacityRecommendation {
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

    /** @return the replicas after each scale-up period, from {@link #baselineReplicas} to min(peak pods, max) */
    public List<Integer> scaleUpSteps() {
        int goal = Math.min(maxReplicas, podsForPeak());
        List<Integer> steps = new ArrayList<>();
        int replicas = baselineReplicas();
        while (replicas < goal) {
            replicas = Math.min(goal, Math.max(replicas * 2, replicas + PODS_PER_PERIOD));
            steps.add(replicas);
        }
        return steps;
    }

    /** @return seconds the default scale-up takes from the baseline's replicas to the peak's (or max) */
    public int scaleUpSeconds() {
        return scaleUpSteps().size() * PERIOD_SECONDS;
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
        List<Integer> steps = scaleUpSteps();
        lines.add(String.format(Locale.ROOT, "scale-up %d -> %d pods: %s = %d periods x %d s = %d s (default"
                        + " behaviour: +max(100 %%, %d pods) per %d s)", baselineReplicas(),
                Math.min(maxReplicas, podsForPeak()), steps.isEmpty() ? "already there" : steps.toString(),
                steps.size(), PERIOD_SECONDS, scaleUpSeconds(), PODS_PER_PERIOD, PERIOD_SECONDS));
        return lines;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
