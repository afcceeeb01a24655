package dev.saleday.reports.observed;

import dev.saleday.records.TimelineEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the day cost, from the timeline: every pod from its scheduling to its deletion (within the load), its CPU
 * request, against a fixed fleet sized for the peak (the most pods that ran at once, each with the usual request)
 * for the same time, priced per core-hour of CPU request.
 *
 * @param windowSeconds      the load's length
 * @param podSeconds         pod-seconds the day used (autoscaled)
 * @param peakPods           the most pods that ran at once
 * @param cpuRequestMillicores the usual pod's CPU request (the most pod-seconds had it); null when unknown
 * @param coreHours          CPU-request core-hours the day used; NaN when requests are unknown
 * @param fixedCoreHours     a fleet of {@code peakPods} for the whole window; NaN when requests are unknown
 * @param cpuCoreHourPrice   the price of a core-hour
 */
public record CostOfDay(double windowSeconds, double podSeconds, int peakPods, Long cpuRequestMillicores,
                        double coreHours, double fixedCoreHours, double cpuCoreHourPrice) {

    /** @return pod-seconds of the fixed fleet */
    public double fixedPodSeconds() {
        return peakPods * windowSeconds;
    }

    public double cost() {
        return coreHours * cpuCoreHourPrice;
    }

    public double fixedCost() {
        return fixedCoreHours * cpuCoreHourPrice;
    }

    /** @return what following the load saved against the fixed fleet, in money */
    public double saving() {
        return fixedCost() - cost();
    }

    /** @return the saving as a share of the fixed fleet's cost (of its pod-seconds when requests are unknown) */
    public double savingFraction() {
        if (fixedCoreHours > 0) {
            return (fixedCoreHours - coreHours) / fixedCoreHours;
        }
        return fixedPodSeconds() > 0 ? (fixedPodSeconds() - podSeconds) / fixedPodSeconds() : Double.NaN;
    }

    /**
     * @param timeline    the run's timeline, in time order
     * @param loadStartMs the load's start
     * @param loadEndMs   the load's end
     * @param price       {@code report.cost.cpuCoreHour}
     */
    public static CostOfDay of(List<TimelineEvent> timeline, long loadStartMs, long loadEndMs, double price) {
        Map<String, long[]> alive = new LinkedHashMap<>(); // pod -> {from, to}
        Map<String, Long> requests = new HashMap<>();
        for (TimelineEvent event : timeline) {
            if (!"pod".equals(event.kind()) || event.text("pod") == null) {
                continue;
            }
            String pod = event.text("pod");
            if (event.fields().get("cpuRequestMillicores") instanceof Number n) {
                requests.put(pod, n.longValue());
            }
            switch (event.event() == null ? "" : event.event()) {
                case "scheduled" -> alive.putIfAbsent(pod, new long[] {event.tMs(), Long.MAX_VALUE});
                case "deleted" -> {
                    long[] span = alive.get(pod);
                    if (span != null) {
                        span[1] = Math.min(span[1], event.tMs());
                    }
                }
                default -> {
                }
            }
        }
        double windowSeconds = Math.max(0, loadEndMs - loadStartMs) / 1000.0;
        double podSeconds = 0;
        double milliCoreSeconds = 0;
        boolean requestsKnown = true;
        TreeMap<Long, Integer> changes = new TreeMap<>();
        Map<Long, Double> secondsByRequest = new HashMap<>();
        for (Map.Entry<String, long[]> pod : alive.entrySet()) {
            long from = Math.max(loadStartMs, pod.getValue()[0]);
            long to = Math.min(loadEndMs, pod.getValue()[1]);
            if (to <= from) {
                continue;
            }
            double seconds = (to - from) / 1000.0;
            podSeconds += seconds;
            changes.merge(from, 1, Integer::sum);
            changes.merge(to, -1, Integer::sum);
            Long request = requests.get(pod.getKey());
            if (request == null) {
                requestsKnown = false;
            } else {
                milliCoreSeconds += seconds * request;
                secondsByRequest.merge(request, seconds, Double::sum);
            }
        }
        int running = 0;
        int peak = 0;
        for (int change : changes.values()) {
            running += change;
            peak = Math.max(peak, running);
        }
        Long usual = secondsByRequest.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey).orElse(null);
        double coreHours = requestsKnown && usual != null ? milliCoreSeconds / 1000 / 3600 : Double.NaN;
        double fixedCoreHours = requestsKnown && usual != null ? peak * (usual / 1000.0) * windowSeconds / 3600
                : Double.NaN;
        return new CostOfDay(windowSeconds, podSeconds, peak, requestsKnown ? usual : null, coreHours,
                fixedCoreHours, price);
    }

    /** The lines of the arithmetic, for the report. */
    public List<String> arithmetic() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(java.util.Locale.ROOT, "autoscaled: %.0f pod-seconds%s", podSeconds,
                Double.isNaN(coreHours) ? "" : String.format(java.util.Locale.ROOT,
                        " x their CPU requests = %.4f core-hours x %s = %.4f", coreHours, price(), cost())));
        lines.add(String.format(java.util.Locale.ROOT, "fixed for the peak: %d pods x %.0f s = %.0f pod-seconds%s",
                peakPods, windowSeconds, fixedPodSeconds(), Double.isNaN(fixedCoreHours) ? ""
                        : String.format(java.util.Locale.ROOT, " x %d m = %.4f core-hours x %s = %.4f",
                        cpuRequestMillicores, fixedCoreHours, price(), fixedCost())));
        return lines;
    }

    private String price() {
        return String.format(java.util.Locale.ROOT, "%s/core-hour", BigDecimalText.of(cpuCoreHourPrice));
    }
}
