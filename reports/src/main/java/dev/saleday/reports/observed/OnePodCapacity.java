package dev.saleday.reports.observed;

import dev.saleday.plan.Plan;
import dev.saleday.records.CapacityFile;

import java.util.Locale;

/**
 * What a capacity search against one pod found, and what it means for the plan's real (unscaled) day: the highest
 * rate one pod sustained within the bounds (the last step that held before the knee), one pod's rate at the HPA's
 * target utilisation, and the {@link CapacityRecommendation}. Pure in its inputs.
 *
 * <p>One pod's rate at the target: when the pod's own metrics show its CPU and answers, the requests it answered per
 * CPU-second x its CPU request x the target (the same arithmetic as a game day's report); otherwise the sustained rate
 * x (request x target) / limit, taking the knee to be where the pod used its whole limit. Either is capped at the
 * sustained rate: a pod never answers more within the bounds than the search saw it answer.
 *
 * @param search          the step judgements and the knee (capacity.jsonl)
 * @param target          the target as the cluster described it before the search
 * @param sustainedRps    the last step that held (the highest step run when none broke), 0 when none held
 * @param kneeFound       whether a step broke a bound (false: {@code sustainedRps} is only a lower bound)
 * @param recommendation  the recommendation, null when the inputs do not allow one ({@code missing} says why)
 * @param missing         why there is no recommendation, null when there is one
 * @param invalidReason   why the search measured the host rather than the pod (the host starved saleday's processes
 *                        meanwhile), null when it is valid; an invalid search still shows what it saw
 */
public record OnePodCapacity(CapacityFile.Contents search, ScalingTarget target, double sustainedRps,
                             boolean kneeFound, CapacityRecommendation recommendation, String missing,
                             String invalidReason) {

    /** A search whose host was not judged (no host.jsonl). */
    public static OnePodCapacity of(CapacityFile.Contents search, ScalingTarget target, ServerView pods, Plan plan) {
        return of(search, target, pods, plan, null);
    }

    /** @param invalidReason why the host made the search invalid, null when it did not */
    public static OnePodCapacity of(CapacityFile.Contents search, ScalingTarget target, ServerView pods, Plan plan,
                                    String invalidReason) {
        boolean kneeFound = search.knee() != null;
        double sustained = kneeFound ? search.knee().lastSustainedRateRps()
                : search.steps().stream().filter(CapacityFile.StepJudgement::held)
                .mapToDouble(CapacityFile.StepJudgement::rateRps).max().orElse(0);
        String missing = null;
        CapacityRecommendation recommendation = null;
        ScalingTarget.Hpa hpa = target.hpa();
        if (sustained <= 0) {
            missing = search.steps().isEmpty() ? "no step was judged" : "no step held the bounds, not even the first";
        } else if (hpa == null || hpa.targetCpuPercent() == null) {
            missing = "no HorizontalPodAutoscaler with a CPU target scales the Deployment";
        } else if (target.cpuRequestMillicores() == null) {
            missing = "the model container sets no CPU request: the HPA's utilisation is undefined";
        } else {
            int request = target.cpuRequestMillicores();
            int percent = hpa.targetCpuPercent();
            double perPod;
            String source;
            double cpuSeconds = pods == null ? 0 : pods.pods().stream().mapToDouble(ServerView.PodServed::cpuSeconds)
                    .sum();
            long answered = pods == null ? 0 : pods.pods().stream().filter(p -> p.cpuSeconds() > 0)
                    .mapToLong(ServerView.PodServed::predictAnswered).sum();
            if (cpuSeconds > 0 && answered > 0) {
                double perCpuSecond = answered / cpuSeconds;
                perPod = perCpuSecond * request / 1000.0 * percent / 100.0;
                source = String.format(Locale.ROOT, "%.1f req per CPU-second measured in the pod x %d m request x"
                        + " %d %% = %.1f", perCpuSecond, request, percent, perPod);
            } else if (target.cpuLimitMillicores() != null && target.cpuLimitMillicores() > 0) {
                int limit = target.cpuLimitMillicores();
                perPod = sustained * request * percent / 100.0 / limit;
                source = String.format(Locale.ROOT, "%s req/s sustained at the %d m limit x (%d m request x %d %%)"
                        + " / %d m = %.1f; the pod's metrics were not available", number(sustained), limit, request,
                        percent, limit, perPod);
            } else {
                perPod = sustained * percent / 100.0;
                source = String.format(Locale.ROOT, "%s req/s sustained x %d %% = %.1f; no CPU limit and no pod"
                        + " metrics: taken to be at the request", number(sustained), percent, perPod);
            }
            if (perPod > sustained) {
                source += String.format(Locale.ROOT, ", capped at the %s req/s the pod sustained", number(sustained));
                perPod = sustained;
            }
            if (!kneeFound) {
                source += "; no step broke a bound, so one pod does at least this";
            }
            recommendation = new CapacityRecommendation(perPod, source, percent, Observed.baselineRps(plan),
                    Observed.peakRps(plan), hpa.minReplicas(), hpa.maxReplicas(), hpa.scaleUp());
        }
        return new OnePodCapacity(search, target, sustained, kneeFound, recommendation, missing, invalidReason);
    }

    /** @return whether the search measured the pod: the host did not starve saleday's processes meanwhile */
    public boolean valid() {
        return invalidReason == null;
    }

    /** @return the rate of the first step that broke a bound, NaN when none did */
    public double kneeRps() {
        return search.knee() == null ? Double.NaN : search.knee().rateRps();
    }

    static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
