package dev.saleday.reports.observed;

import dev.saleday.plan.Phase;
import dev.saleday.plan.Plan;
import dev.saleday.records.TimelineEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the run says beyond the client's view: the pods' own metrics, the cost of the day and, when the records allow
 * it, the capacity the real (unscaled) day needs.
 *
 * @param server           the pods' metrics
 * @param cost             the cost of the day
 * @param capacity         the capacity recommendation, null when the records do not allow one
 * @param capacityMissing  why there is no recommendation, null when there is one
 */
public record Observed(ServerView server, CostOfDay cost, CapacityRecommendation capacity, String capacityMissing) {

    /** Nothing observed (runs analysed from a RunAnalysis built in code). */
    public static final Observed NONE = new Observed(ServerView.absent("the pods' metrics were not recorded"),
            new CostOfDay(0, 0, 0, null, Double.NaN, Double.NaN, 0), null, "no records");

    /** Reads pod-metrics.jsonl and the timeline of a run: pure in its files. */
    public static Observed of(Path runDir, Plan plan, List<TimelineEvent> timeline, long loadStartMs,
                              long loadEndMs) {
        ServerView server;
        try {
            server = ServerSide.of(runDir);
        } catch (dev.saleday.records.RecordException e) {
            server = ServerView.absent("the pods' metrics are unreadable: " + e.getMessage());
        }
        CostOfDay cost = CostOfDay.of(timeline, loadStartMs, loadEndMs, plan.report() == null
                ? dev.saleday.plan.PlanDefaults.CPU_CORE_HOUR_PRICE : plan.report().cpuCoreHourPrice());
        Hpa hpa = Hpa.first(timeline);
        String missing = null;
        CapacityRecommendation capacity = null;
        double cpuSeconds = server.pods().stream().mapToDouble(ServerView.PodServed::cpuSeconds).sum();
        double observedSeconds = server.pods().stream().mapToDouble(ServerView.PodServed::observedSeconds).sum();
        long answered = server.pods().stream().filter(p -> p.cpuSeconds() > 0)
                .mapToLong(ServerView.PodServed::predictAnswered).sum();
        if (!server.hasData() || cpuSeconds <= 0 || answered == 0) {
            missing = "the pods' metrics do not show CPU and answers";
        } else if (cost.cpuRequestMillicores() == null) {
            missing = "the pods' CPU request is not in the timeline";
        } else if (hpa == null || hpa.targetCpuPercent() == null) {
            missing = "no HorizontalPodAutoscaler with a CPU target in the timeline";
        } else {
            double rpsPerCore = answered / cpuSeconds;
            double utilisation = cpuSeconds / observedSeconds / (cost.cpuRequestMillicores() / 1000.0);
            double perPod = rpsPerCore * cost.cpuRequestMillicores() / 1000.0 * hpa.targetCpuPercent() / 100.0;
            capacity = new CapacityRecommendation(perPod, String.format(Locale.ROOT,
                    "%.1f req per CPU-second measured in the pods at %.0f %% mean utilisation of their %d m request,"
                            + " x %d m x %d %%", rpsPerCore, utilisation * 100, cost.cpuRequestMillicores(),
                    cost.cpuRequestMillicores(), hpa.targetCpuPercent()), hpa.targetCpuPercent(),
                    baselineRps(plan), peakRps(plan), hpa.minReplicas(), hpa.maxReplicas());
        }
        return new Observed(server, cost, capacity, missing);
    }

    /**
     * @param clientFailed     the load's failed requests
     * @param clientSuccessful the load's successful requests
     * @return how many of the failed no pod counted as a failed answer (client failures minus the pods' non-2xx
     *         predict answers); 0 without the pods' metrics, when the pods account for every failure, or when the
     *         client was answered and the pods answered nothing (a {@code target.url} that is not the Deployment:
     *         its failures are no business of the pods')
     */
    public long failuresNoPodAnswered(long clientFailed, long clientSuccessful) {
        if (!server.hasData() || (server.predictAnswered() == 0 && clientSuccessful > 0)) {
            return 0;
        }
        long podsFailed = 0;
        for (ServerView.PodServed pod : server.pods()) {
            for (var status : pod.predictByStatus().entrySet()) {
                if (!status.getKey().startsWith("2")) {
                    podsFailed += status.getValue();
                }
            }
        }
        return Math.max(0, clientFailed - podsFailed);
    }

    /** @return the plan's first phase's rate, as written (unscaled) */
    public static double baselineRps(Plan plan) {
        List<Phase> phases = plan.traffic().phases();
        return phases.isEmpty() ? 0 : phases.get(0).startRateRps();
    }

    /** @return the plan's highest rate, as written (unscaled) */
    public static double peakRps(Plan plan) {
        return plan.traffic().phases().stream().mapToDouble(p -> Math.max(p.startRateRps(), p.endRateRps()))
                .max().orElse(0);
    }

    /** The HPA as the timeline first saw it (before any fault changed it). */
    record Hpa(int minReplicas, int maxReplicas, Integer targetCpuPercent) {
        static Hpa first(List<TimelineEvent> timeline) {
            for (TimelineEvent event : timeline) {
                if ("hpa".equals(event.kind()) && event.integer("maxReplicas") != null) {
                    Integer min = event.integer("minReplicas");
                    return new Hpa(min == null ? 1 : min, event.integer("maxReplicas"),
                            event.integer("targetCpuPercent"));
                }
            }
            return null;
        }
    }
}
