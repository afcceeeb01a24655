package dev.saleday.reports.observed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.saleday.records.PodMetricsFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server-side view from scrapes with everything a real run throws at it: pods already serving at the load's
 * start (their warm-up is not the load's), a pod killed between two scrapes, a pod started during the load (counted
 * from zero), and a process restart (its counters reset).
 */
class ServerSideTest {

    static final long T0 = 1_764_338_412_000L;

    /** One scrape of the model's metrics. */
    static PodMetricsFile.Scrape scrape(long offsetMs, String pod, int round, double ok, double errors,
                                        double fastUpTo5ms, double upTo50ms, double cpuSeconds,
                                        double throttledSeconds, double inFlight) {
        Map<String, Double> series = new LinkedHashMap<>();
        series.put("model_requests_total{route=\"/predict\",status=\"200\"}", ok);
        if (errors > 0) {
            series.put("model_requests_total{route=\"/predict\",status=\"503\"}", errors);
        }
        series.put("model_requests_total{route=\"/healthz\",status=\"200\"}", 999.0); // not a prediction
        series.put("model_predict_duration_seconds_bucket{le=\"0.005\"}", fastUpTo5ms);
        series.put("model_predict_duration_seconds_bucket{le=\"0.05\"}", upTo50ms);
        series.put("model_predict_duration_seconds_bucket{le=\"+Inf\"}", ok + errors);
        series.put("process_cpu_seconds_total", cpuSeconds);
        series.put("model_cpu_limit_millicores", 300.0);
        series.put("model_cpu_throttled_seconds_total", throttledSeconds);
        series.put("model_requests_in_flight", inFlight);
        return new PodMetricsFile.Scrape(T0 + offsetMs, pod, round, 5, series);
    }

    static PodMetricsFile.Contents contents(List<PodMetricsFile.Scrape> scrapes,
                                            List<PodMetricsFile.Failure> failures) {
        return new PodMetricsFile.Contents(new PodMetricsFile.Header(T0, "shop", "recommendation", "http",
                "/metrics", 2000, null), scrapes, failures, List.of(), true);
    }

    @Test
    void podsComingAndGoingResetsAndAKillBetweenScrapesAddUp() {
        List<PodMetricsFile.Scrape> scrapes = new ArrayList<>();
        // round 0 at the load's start: a and b have served the warm-up (not the load's)
        scrapes.add(scrape(0, "a", 0, 100, 0, 100, 100, 1.0, 0, 0));
        scrapes.add(scrape(0, "b", 0, 50, 0, 50, 50, 1.0, 0, 0));
        // round 1
        scrapes.add(scrape(2_000, "a", 1, 300, 2, 290, 302, 1.4, 1.0, 3));
        scrapes.add(scrape(2_000, "b", 1, 150, 0, 150, 150, 1.2, 0, 1));
        // round 2: b was killed after round 1; c started during the load
        scrapes.add(scrape(4_000, "a", 2, 500, 2, 480, 502, 1.8, 2.0, 2));
        scrapes.add(scrape(4_000, "c", 2, 80, 0, 80, 80, 0.5, 0, 1));
        // round 3: a's process restarted (its counters start again)
        scrapes.add(scrape(6_000, "a", 3, 40, 0, 40, 40, 0.3, 0.5, 0));
        scrapes.add(scrape(6_000, "c", 3, 200, 0, 200, 200, 0.7, 0, 0));
        ServerView view = ServerSide.of(contents(scrapes, List.of(new PodMetricsFile.Failure(T0 + 4_010, "pod", "b",
                2, "HTTP 503 from the pod proxy for http/metrics: error trying to reach service: connection refused"))));

        Map<String, ServerView.PodServed> pods = new LinkedHashMap<>();
        view.pods().forEach(p -> pods.put(p.pod(), p));
        // a: 200 + 200 + 40 answered 200, 2 answered 503; b: 100 (its tail after round 1 is lost with it); c: 200
        assertThat(pods.get("a").predictByStatus()).isEqualTo(Map.of("200", 440L, "503", 2L));
        assertThat(pods.get("b").predictByStatus()).isEqualTo(Map.of("200", 100L));
        assertThat(pods.get("c").predictByStatus()).isEqualTo(Map.of("200", 200L));
        assertThat(view.predictAnswered()).isEqualTo(742);
        assertThat(view.predictServerErrors()).isEqualTo(2);
        assertThat(view.serverErrorRate()).isEqualTo(2.0 / 742);
        assertThat(pods.get("a").atEnd()).isTrue();
        assertThat(pods.get("b").atEnd()).isFalse();
        // a: throttled 1.0 + 1.0 + 0.5 (after the reset) s over 6 s; CPU 0.4 + 0.4 + 0.3 s
        assertThat(pods.get("a").throttledSeconds()).isEqualTo(2.5);
        assertThat(pods.get("a").throttledFraction()).isCloseTo(2.5 / 6, within(1e-9));
        assertThat(pods.get("a").cpuSeconds()).isCloseTo(1.1, within(1e-9));
        assertThat(pods.get("a").limitMillicores()).isEqualTo(300.0);
        assertThat(pods.get("a").peakCpuMillicores()).isCloseTo(200, within(1e-6));
        // three intervals after the baseline round
        assertThat(view.rounds()).hasSize(3);
        ServerView.Round first = view.rounds().get(0);
        assertThat(first.predictRps()).isCloseTo((202 + 100) / 2.0, within(1e-9));
        assertThat(first.inFlight()).isEqualTo(4);
        assertThat(first.throttledMsPerSByPod()).containsEntry("a", 500.0);
        assertThat(first.limitMillicoresByPod()).containsEntry("a", 300.0);
        // round 1: 302 answers of which 290 + 100 within 5 ms: 390 of 302 + 100 = 402 -> p99 rank 397.98 is in 50 ms
        assertThat(first.p99UpperMs()).isEqualTo(50.0);
        assertThat(view.bucketBoundsMs()).containsExactly(5.0, 50.0);
        assertThat(view.inFlightAtStart()).isZero();
        assertThat(view.inFlightAtEnd()).isZero();
        assertThat(view.notes()).singleElement().asString().startsWith("1 of 9 scrapes of the pods' metrics failed")
                .contains("connection refused");
    }

    @Test
    void aScrapeThatNeverWorksIsOneLineAndNoData() {
        List<PodMetricsFile.Failure> failures = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (String pod : List.of("reco-a", "reco-b")) {
                failures.add(new PodMetricsFile.Failure(T0 + round * 2000L, "pod", pod, round,
                        "the API server refused 'get pods/proxy' (RBAC): grant it to saleday's Role (k8s/rbac) to"
                                + " see the pods' metrics"));
            }
        }
        ServerView view = ServerSide.of(contents(List.of(), failures));
        assertThat(view.hasData()).isFalse();
        assertThat(view.recorded()).isTrue();
        assertThat(view.notes()).singleElement().asString()
                .isEqualTo("the pods' metrics could not be read (8 of 8 scrapes failed): the API server refused"
                        + " 'get pods/proxy' (RBAC): grant it to saleday's Role (k8s/rbac) to see the pods' metrics;"
                        + " the verdict is the client's alone");
    }

    @Test
    void theP99IsTheUpperBoundOfItsBucket() {
        java.util.TreeMap<Double, Long> buckets = new java.util.TreeMap<>(Map.of(0.001, 0L, 0.005, 980L, 0.01, 990L,
                0.025, 1000L, Double.POSITIVE_INFINITY, 1000L));
        assertThat(Histograms.p99UpperMs(buckets)).isEqualTo(10.0);
        buckets.put(Double.POSITIVE_INFINITY, 1100L);
        assertThat(Histograms.p99UpperMs(buckets)).isInfinite();
        assertThat(Histograms.p99UpperMs(new java.util.TreeMap<>(Map.of(Double.POSITIVE_INFINITY, 0L)))).isNull();
    }
}
