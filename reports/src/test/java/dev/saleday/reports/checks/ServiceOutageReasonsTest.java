package dev.saleday.reports.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.records.TimelineEvent;
import dev.saleday.reports.analysis.ServiceOutages;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Service left without a ready pod during the load, and the kubelet's restarts, as the verdict's reason line. */
class ServiceOutageReasonsTest {

    private static final long LOAD_START_MS = 100_000;
    private static final long LOAD_END_MS = LOAD_START_MS + 80_000;
    private static final String SERVICE = "recommendation-service";

    private static TimelineEvent endpoints(long atS, String name, int ready, int notReady) {
        return new TimelineEvent(LOAD_START_MS + atS * 1000, "endpoints",
                Map.of("name", name, "ready", ready, "notReady", notReady));
    }

    private static TimelineEvent restarted(long atS, String pod) {
        return new TimelineEvent(LOAD_START_MS + atS * 1000, "pod", Map.of("event", "restarted", "pod", pod));
    }

    private static TimelineEvent livenessKill(long atS, String pod) {
        return new TimelineEvent(LOAD_START_MS + atS * 1000, "event", Map.of("reason", "Killing", "object",
                "Pod/" + pod, "message", "Container model failed liveness probe, will be restarted"));
    }

    @Test
    void everyPodOutOfTheServiceIsOneLineWithItsStretchesAndTheRestartsBeside() {
        List<TimelineEvent> timeline = List.of(
                endpoints(-30, SERVICE, 2, 0),
                endpoints(40, SERVICE, 4, 3),
                endpoints(42, SERVICE, 0, 7),
                livenessKill(46, "a"),
                livenessKill(47, "b"),
                restarted(60, "a"),
                endpoints(64, SERVICE, 1, 7),
                endpoints(66, SERVICE, 0, 8),
                endpoints(68, SERVICE, 2, 6),
                restarted(90, "b")); // after the load

        assertThat(ServiceOutages.noReadyEndpoint(timeline, SERVICE, LOAD_START_MS, LOAD_END_MS))
                .extracting(ServiceOutages.NoReadyEndpoint::durationMs).containsExactly(22_000L, 2_000L);
        assertThat(ServiceOutageReasons.of(timeline, SERVICE, LOAD_START_MS, LOAD_END_MS)).containsExactly(
                "no ready endpoint: the Service recommendation-service had no ready pod for 24.0 s of the load"
                        + " (0:42-1:04, 1:06-1:08), so its new connections were refused or reset; the kubelet"
                        + " restarted 1 container(s) during the load and killed 2 on a failed liveness probe");
    }

    @Test
    void aServiceStillEmptyAtTheEndCountsToTheEndAndOneEmptySinceBeforeTheLoadFromItsStart() {
        List<TimelineEvent> timeline = List.of(
                endpoints(-5, SERVICE, 0, 2),
                endpoints(3, SERVICE, 2, 0),
                endpoints(75, SERVICE, 0, 2));

        assertThat(ServiceOutages.noReadyEndpoint(timeline, SERVICE, LOAD_START_MS, LOAD_END_MS)).containsExactly(
                new ServiceOutages.NoReadyEndpoint(SERVICE, LOAD_START_MS, LOAD_START_MS + 3_000, false),
                new ServiceOutages.NoReadyEndpoint(SERVICE, LOAD_START_MS + 75_000, LOAD_END_MS, true));
        assertThat(ServiceOutageReasons.of(timeline, SERVICE, LOAD_START_MS, LOAD_END_MS)).singleElement()
                .asString().contains("for 8.0 s of the load (0:00-0:03, 1:15-the end)");
    }

    @Test
    void nothingToSayWhenThePodsStayedInTheServiceAndNothingRestarted() {
        List<TimelineEvent> timeline = List.of(
                endpoints(-30, SERVICE, 0, 2), // the pods' start, before the load
                endpoints(-20, SERVICE, 2, 0),
                endpoints(40, SERVICE, 4, 1),
                endpoints(90, SERVICE, 0, 2), // the teardown, after the load
                restarted(-10, "a"));

        assertThat(ServiceOutageReasons.of(timeline, SERVICE, LOAD_START_MS, LOAD_END_MS)).isEmpty();
    }

    @Test
    void anotherServiceOfTheNamespaceIsNotTheTargets() {
        List<TimelineEvent> timeline = List.of(
                endpoints(-30, SERVICE, 2, 0),
                endpoints(-30, "feature-store", 0, 0),
                endpoints(10, "feature-store", 0, 1));

        assertThat(ServiceOutageReasons.of(timeline, SERVICE, LOAD_START_MS, LOAD_END_MS)).isEmpty();
        assertThat(ServiceOutageReasons.of(timeline, null, LOAD_START_MS, LOAD_END_MS)).singleElement().asString()
                .startsWith("no ready endpoint: the Service feature-store had no ready pod for 80.0 s");
    }

    @Test
    void restartsAloneAreSaidToo() {
        List<TimelineEvent> timeline = List.of(endpoints(-30, SERVICE, 3, 0), livenessKill(20, "a"),
                restarted(22, "a"));

        assertThat(ServiceOutageReasons.of(timeline, SERVICE, LOAD_START_MS, LOAD_END_MS)).containsExactly(
                "restarts: the kubelet restarted 1 container(s) during the load and killed 1 on a failed liveness"
                        + " probe");
    }
}
