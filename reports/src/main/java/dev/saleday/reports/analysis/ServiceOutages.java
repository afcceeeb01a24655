package dev.saleday.reports.analysis;

import dev.saleday.records.TimelineEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When a Service had no ready endpoint during the load, and the containers the kubelet restarted meanwhile, from the
 * timeline's {@code endpoints}, {@code pod} and {@code event} lines. A Service with no ready address gets its new
 * connections refused or reset (kube-proxy rejects them; localkube's proxy resets them), so the client's resets and
 * connect errors of those seconds are the cluster's doing, not the network's.
 */
public final class ServiceOutages {

    /** A stretch of the load in which {@code service} had no ready endpoint; {@code toMs} the load's end if it lasted. */
    public record NoReadyEndpoint(String service, long fromMs, long toMs, boolean untilTheEnd) {
        public long durationMs() {
            return toMs - fromMs;
        }
    }

    private ServiceOutages() {
    }

    /**
     * @param service the Service's name (its Endpoints object's), or null for every Service in the timeline
     * @return each stretch within [loadStartMs, loadEndMs] in which the Service's Endpoints held no ready address, in
     *         time order; one empty since before the load counts from the load's start
     */
    public static List<NoReadyEndpoint> noReadyEndpoint(List<TimelineEvent> timeline, String service,
                                                        long loadStartMs, long loadEndMs) {
        Map<String, Long> emptySince = new LinkedHashMap<>();
        List<NoReadyEndpoint> stretches = new ArrayList<>();
        for (TimelineEvent event : timeline) {
            String name = event.text("name");
            if (!event.kind().equals("endpoints") || name == null || (service != null && !service.equals(name))) {
                continue;
            }
            if (event.tMs() > loadEndMs) {
                break;
            }
            Integer ready = event.integer("ready");
            if (ready == null) {
                continue;
            }
            if (ready == 0) {
                emptySince.putIfAbsent(name, event.tMs());
            } else {
                Long since = emptySince.remove(name);
                if (since != null && event.tMs() > loadStartMs) {
                    stretches.add(new NoReadyEndpoint(name, Math.max(since, loadStartMs), event.tMs(), false));
                }
            }
        }
        emptySince.forEach((name, since) -> stretches.add(
                new NoReadyEndpoint(name, Math.max(since, loadStartMs), loadEndMs, true)));
        stretches.sort(java.util.Comparator.comparingLong(NoReadyEndpoint::fromMs));
        return stretches;
    }

    /** @return the containers restarted within the load: the recorder's {@code pod restarted} lines */
    public static long restarts(List<TimelineEvent> timeline, long loadStartMs, long loadEndMs) {
        return timeline.stream().filter(e -> e.kind().equals("pod") && "restarted".equals(e.event())
                && e.tMs() >= loadStartMs && e.tMs() <= loadEndMs).count();
    }

    /** @return the kubelet's Killing events within the load that name a failed liveness probe */
    public static long livenessKills(List<TimelineEvent> timeline, long loadStartMs, long loadEndMs) {
        return timeline.stream().filter(e -> e.kind().equals("event") && "Killing".equals(e.text("reason"))
                && e.text("message") != null && e.text("message").contains("failed liveness probe")
                && e.tMs() >= loadStartMs && e.tMs() <= loadEndMs).count();
    }
}
