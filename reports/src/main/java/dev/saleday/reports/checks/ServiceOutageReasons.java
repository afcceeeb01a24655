package dev.saleday.reports.checks;

import dev.saleday.records.TimelineEvent;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.analysis.ServiceOutages;
import dev.saleday.reports.analysis.ServiceOutages.NoReadyEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The verdict's line for a Service left without a ready pod during the load (and the restarts beside it): the
 * client's resets and connect errors of those seconds came from the cluster taking every pod out of the Service, which
 * neither the failure counts nor the checks say.
 */
final class ServiceOutageReasons {

    /** Stretches listed by their clock; the rest summed only. */
    static final int LISTED = 5;

    private ServiceOutageReasons() {
    }

    /** @param service the target's Service, or null for every Service the timeline has */
    static List<String> of(RunAnalysis analysis, String service) {
        return of(analysis.timeline(), service, analysis.overall().startMs(),
                analysis.recordedEndMs() != null ? analysis.recordedEndMs() : analysis.overall().endMs());
    }

    static List<String> of(List<TimelineEvent> timeline, String service, long loadStartMs, long loadEndMs) {
        List<NoReadyEndpoint> stretches = ServiceOutages.noReadyEndpoint(timeline, service, loadStartMs, loadEndMs);
        long restarts = ServiceOutages.restarts(timeline, loadStartMs, loadEndMs);
        long liveness = ServiceOutages.livenessKills(timeline, loadStartMs, loadEndMs);
        String restarted = restarts == 0 && liveness == 0 ? ""
                : String.format(Locale.ROOT, "the kubelet restarted %d container(s) during the load%s", restarts,
                        liveness == 0 ? "" : " and killed " + liveness + " on a failed liveness probe");
        Map<String, List<NoReadyEndpoint>> byService = new LinkedHashMap<>();
        stretches.forEach(s -> byService.computeIfAbsent(s.service(), k -> new ArrayList<>()).add(s));
        List<String> reasons = new ArrayList<>();
        byService.forEach((name, list) -> {
            long totalMs = list.stream().mapToLong(NoReadyEndpoint::durationMs).sum();
            List<String> when = list.stream().limit(LISTED).map(s -> HostHeadroomCheck.clock(s.fromMs() - loadStartMs)
                    + "-" + (s.untilTheEnd() ? "the end" : HostHeadroomCheck.clock(s.toMs() - loadStartMs))).toList();
            reasons.add(String.format(Locale.ROOT, "no ready endpoint: the Service %s had no ready pod for %.1f s of"
                    + " the load (%s%s), so its new connections were refused or reset%s", name, totalMs / 1000.0,
                    String.join(", ", when), list.size() > LISTED ? ", ..." : "",
                    restarted.isEmpty() ? "" : "; " + restarted));
        });
        if (reasons.isEmpty() && !restarted.isEmpty()) {
            reasons.add("restarts: " + restarted);
        }
        return reasons;
    }
}
