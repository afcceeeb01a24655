package dev.saleday.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every golden file of every format version reads back to exactly what was written into it. */
class GoldenFilesReadTest {

    @Test
    void injectorV1() {
        List<InjectorSecond> seconds = new ArrayList<>();
        JsonLinesReader.Result result = InjectorFile.read(Golden.file("injector-v1.jsonl"), seconds::add);
        assertThat(result.complete()).isTrue();
        assertThat(result.records()).isEqualTo(3);
        assertThat(result.header().path("shard").asText()).isEqualTo("0/1");
        assertThat(result.header().path("loadStartMs").asLong()).isEqualTo(1764338412345L);
        assertThat(seconds).containsExactly(
                new InjectorSecond(1764338412000L, "baseline", 100, 99, 0.41),
                new InjectorSecond(1764338413000L, "baseline", 100, 100, 0.375),
                new InjectorSecond(1764338414000L, "peak", 250, 248, -1));
    }

    @Test
    void injectorV2() {
        List<InjectorSecond> seconds = new ArrayList<>();
        JsonLinesReader.Result result = InjectorFile.read(Golden.file("injector-v2.jsonl"), seconds::add);
        assertThat(result.complete()).isTrue();
        assertThat(seconds).containsExactly(
                new InjectorSecond(1764338412000L, "baseline", 100, 99, 0.41, 6L),
                new InjectorSecond(1764338413000L, "baseline", 100, 100, 0.375, 2008L),
                new InjectorSecond(1764338414000L, "peak", 0, 0, -1, null));
    }

    @Test
    void hostV3() {
        List<HostSample> seconds = new ArrayList<>();
        JsonLinesReader.Result result = HostFile.read(Golden.file("host-v3.jsonl"), seconds::add);
        assertThat(result.complete()).isTrue();
        assertThat(seconds).hasSize(2);
        assertThat(seconds.get(0).contendingCpuMsPerS()).isEqualTo(1530.0);
        assertThat(seconds.get(0).cpuProbeUs()).containsExactly(612.5, 1071.9);
        assertThat(seconds.get(1).cpuProbeUs()).containsExactly(615.0, null);
    }

    @Test
    void hostV2() {
        List<HostSample> seconds = new ArrayList<>();
        JsonLinesReader.Result result = HostFile.read(Golden.file("host-v2.jsonl"), seconds::add);
        assertThat(result.complete()).isTrue();
        assertThat(seconds).hasSize(2);
        assertThat(seconds.get(0).contendingCpuMsPerS()).isEqualTo(1530.0);
        assertThat(seconds.get(0).injectorWaitFraction()).isEqualTo(410.0 / (410 + 612));
        assertThat(seconds.get(1).contendingCpuMsPerS()).isNull();
        assertThat(seconds.get(1).injectorWaitFraction()).isNull();
        assertThat(seconds.get(0).cpuProbeUs()).as("not in version 2").isEmpty();
    }

    @Test
    void hostV1() {
        List<HostSample> seconds = new ArrayList<>();
        JsonLinesReader.Result result = HostFile.read(Golden.file("host-v1.jsonl"), seconds::add);
        assertThat(result.complete()).isTrue();
        assertThat(result.header().path("cores").asInt()).isEqualTo(2);
        assertThat(result.header().path("injectorPid").asLong()).isEqualTo(4711);
        assertThat(result.header().path("loadStartMs").asLong()).isEqualTo(1764338412345L);
        assertThat(seconds).containsExactly(
                new HostSample(1764338412345L, 1000, 0.93, 0.41, 21870L, new HostSample.Injector(4711, 612.0, 410.0,
                        12.0), List.of(new HostSample.Pod("recommendation-7d9f-abcde", 5123, 480.0, 295.0, 1000L, null),
                        new HostSample.Pod("recommendation-5c4b-fghij", 5188, 455.5, 280.25, 1000L, 3.5))),
                new HostSample(1764338413345L, 1012, null, null, null, new HostSample.Injector(4711, null, null, null),
                        List.of()));
        assertThat(seconds.get(0).injectorWaitMsPerS()).isEqualTo(410.0);
        assertThat(seconds.get(0).contendingCpuMsPerS()).as("not in version 1").isNull();
        assertThat(seconds.get(0).podsWaitFraction()).isEqualTo((295.0 + 280.25) / (480 + 295 + 455.5 + 280.25));
        assertThat(seconds.get(1).podsWaitFraction()).isNull();
    }

    @Test
    void podMetricsV1() {
        PodMetricsFile.Contents contents = PodMetricsFile.read(Golden.file("pod-metrics-v1.jsonl"));
        assertThat(contents.complete()).isTrue();
        assertThat(contents.header()).isEqualTo(new PodMetricsFile.Header(1764338412345L, "shop", "recommendation",
                "http", "/metrics", 2000, "http://127.0.0.1:9090"));
        assertThat(contents.scrapes()).containsExactly(new PodMetricsFile.Scrape(1764338412400L,
                "recommendation-7d9f-abcde", 0, 12, Map.of(
                "model_predict_duration_seconds_bucket{le=\"+Inf\"}", 40.0,
                "model_predict_duration_seconds_bucket{le=\"0.005\"}", 38.0,
                "model_requests_in_flight", 1.0,
                "model_requests_total{route=\"/predict\",status=\"200\"}", 40.0,
                "process_cpu_seconds_total", 3.25)));
        assertThat(contents.failures()).containsExactly(new PodMetricsFile.Failure(1764338412410L, "pod",
                "recommendation-5c4b-fghij", 0, "HTTP 503 from the pod proxy: connection refused"));
        assertThat(contents.queries()).hasSize(1);
        assertThat(contents.queries().get(0).name()).isEqualTo("rps");
        assertThat(contents.queries().get(0).series().get(0))
                .isEqualTo(new PodMetricsFile.QuerySeries(Map.of("pod", "recommendation-7d9f-abcde"), 12.5));
        assertThat(contents.queries().get(0).series().get(1).value()).isNaN();
    }

    @Test
    void answersV1() {
        List<AnswerCount> answers = new ArrayList<>();
        assertThat(AnswersFile.read(Golden.file("answers-v1.jsonl"), answers::add).complete()).isTrue();
        assertThat(answers).containsExactly(
                new AnswerCount(1764338412000L, "v1.0", "recommendation-7d9f-abcde", 97, 0),
                new AnswerCount(1764338412000L, "v1.1", "recommendation-5c4b-fghij", 2, 1),
                new AnswerCount(1764338413000L, null, null, 0, 3));
    }

    @Test
    void probeV1() {
        List<ProbeRecord> probes = new ArrayList<>();
        JsonLinesReader.Result result = ProbeFile.read(Golden.file("probe-v1.jsonl"), probes::add);
        assertThat(result.header().path("url").asText()).isEqualTo("http://127.0.0.1:41234/predict");
        assertThat(result.header().path("rateRps").asDouble()).isEqualTo(20.0);
        assertThat(result.header().path("timeoutMs").asLong()).isEqualTo(2000);
        assertThat(probes).containsExactly(
                new ProbeRecord(1764338412050L, 1764338412051L, 3.2, 200, "ok", "v1.0", "recommendation-7d9f-abcde"),
                new ProbeRecord(1764338412100L, 1764338412100L, 12.75, 503, "http_error", "v1.1",
                        "recommendation-5c4b-fghij"),
                new ProbeRecord(1764338412150L, 1764338412152L, 2000.5, 0, "timeout", null, null));
        assertThat(probes).extracting(ProbeRecord::ok).containsExactly(true, false, false);
    }

    @Test
    void capacityV2() {
        CapacityFile.Contents capacity = CapacityFile.read(Golden.file("capacity-v2.jsonl"));
        assertThat(capacity.header()).isEqualTo(new CapacityFile.Header("saleday.capacity", 2, 200, 0.01));
        assertThat(capacity.steps()).hasSize(2);
        assertThat(capacity.knee()).isEqualTo(new CapacityFile.Knee("step-02-200rps", 200, 100,
                "step-02-200rps broke a bound (p99 450 ms, errors 5.00 %)"));
        assertThat(capacity.complete()).isTrue();
    }

    @Test
    void warmUpV2() {
        WarmUpFile.Contents warmUp = WarmUpFile.read(Golden.file("warm-up-v2.jsonl"));
        assertThat(warmUp.header()).isEqualTo(new WarmUpFile.Header("saleday.warm-up", 2, 1764338390000L,
                "recommendation-7d9f-abcde", 14, 5000, 60000));
        assertThat(warmUp.samples()).containsExactly(WarmUpFile.Sample.of(1764338390040L, 2.5, 12, 0.75, 0.125),
                WarmUpFile.Sample.failed(1764338395050L, "the pod proxy did not answer within 4 s"),
                WarmUpFile.Sample.of(1764338400045L, 4.25, 152, 1.5, null));
        assertThat(warmUp.end()).isEqualTo(new WarmUpFile.End(1764338400100L, 141, 140, 1, false));
        assertThat(warmUp.complete()).isTrue();
    }

    /** Version 1 has no JVM figures: they read as absent. */
    @Test
    void warmUpV1() {
        WarmUpFile.Contents warmUp = WarmUpFile.read(Golden.file("warm-up-v1.jsonl"));
        assertThat(warmUp.header()).isEqualTo(new WarmUpFile.Header("saleday.warm-up", 1, 1764338390000L,
                "recommendation-7d9f-abcde", 14, 5000, 60000));
        assertThat(warmUp.samples()).containsExactly(WarmUpFile.Sample.of(1764338390040L, 2.5, 12),
                WarmUpFile.Sample.failed(1764338395050L, "the pod proxy did not answer within 4 s"),
                WarmUpFile.Sample.of(1764338400045L, 4.25, 152));
        assertThat(warmUp.end()).isEqualTo(new WarmUpFile.End(1764338400100L, 141, 140, 1, false));
        assertThat(warmUp.complete()).isTrue();
    }

    @Test
    void capacityV1() {
        CapacityFile.Contents capacity = CapacityFile.read(Golden.file("capacity-v1.jsonl"));
        assertThat(capacity.header()).isEqualTo(new CapacityFile.Header("saleday.capacity", 1, 200, 0.01));
        assertThat(capacity.steps()).containsExactly(
                new CapacityFile.StepJudgement("step-01-100rps", 100, 1000, 1000, 0, 12.5, 0, true),
                new CapacityFile.StepJudgement("step-02-200rps", 200, 2000, 1900, 100, 450.25, 0.05, false));
        assertThat(capacity.knee()).isEqualTo(new CapacityFile.Knee("step-02-200rps", 200, 100));
        assertThat(capacity.complete()).isTrue();
    }

    @Test
    void timelineV1() {
        List<TimelineEvent> events = new ArrayList<>();
        JsonLinesReader.Result result = TimelineFile.read(Golden.file("timeline-v1.jsonl"), events::add);
        assertThat(result.header().path("namespace").asText()).isEqualTo("shop");
        assertThat(result.header().path("startedAtMs").asLong()).isEqualTo(1764338400000L);
        assertThat(events).extracting(TimelineEvent::tMs).containsExactly(1764338412345L, 1764338400250L,
                1764338400500L, 1764338400750L, 1764338401000L, 1764338401250L, 1764338401500L);
        assertThat(events).extracting(TimelineEvent::describe).containsExactly(
                "phase baseline start",
                "pod recommendation-7d9f-abcde ready",
                "deployment recommendation",
                "chaos kill-30pc applied: deleted 1 pod(s)",
                "chaos release-v1.1 dry-run",
                "chaos abort: probe error rate 0.25 over 10 s",
                "phase baseline end");
        assertThat(events.get(1).fields()).containsExactly(Map.entry("event", "ready"),
                Map.entry("pod", "recommendation-7d9f-abcde"), Map.entry("node", "local-node-a"),
                Map.entry("version", "v1.0"), Map.entry("restartCount", 0));
        assertThat(events.get(2).integer("replicas")).isEqualTo(4);
        assertThat(events).flatExtracting(e -> e.chaos().stream().toList()).containsExactly(
                new TimelineEvent.ChaosAction("kill-30pc", "pod-kill", "applied",
                        List.of("Pod/recommendation-7d9f-abcde"), "deleted 1 pod(s)"),
                new TimelineEvent.ChaosAction("release-v1.1", "rollout", "dry-run",
                        List.of("Deployment/recommendation"), null),
                new TimelineEvent.ChaosAction(null, "abort", "abort", List.of(), "probe error rate 0.25 over 10 s"));
        assertThat(events).flatExtracting(e -> e.chaos().stream().toList())
                .extracting(TimelineEvent.ChaosAction::endsADryRunFiring).containsExactly(false, true, false);
    }

    @Test
    void journalV1() throws Exception {
        JournalReader.Contents journal = JournalReader.read(Golden.file("journal-v1.jsonl"));
        assertThat(journal.namespace()).isEqualTo("shop");
        assertThat(journal.context()).isEqualTo("saleday-local");
        assertThat(journal.entries()).extracting(JournalReader.Entry::seq, JournalReader.Entry::fault,
                JournalReader.Entry::action, JournalReader.Entry::targets, JournalReader.Entry::lastEvent)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, "kill-30pc", "pod-kill",
                                List.of("Pod/recommendation-7d9f-abcde"), "undo-failed"),
                        org.assertj.core.groups.Tuple.tuple(2L, "bump", "scale", List.of("Deployment/recommendation"),
                                "undone"));
        assertThat(journal.entries().get(0).undo().toString()).isEqualTo("{\"type\":\"await-replaced\","
                + "\"namespace\":\"shop\",\"selector\":\"app=recommendation\",\"readyPods\":4,\"timeoutMillis\":120000}");
        assertThat(journal.entries().get(1).undo().path("replicas").asInt()).isEqualTo(2);
        assertThat(journal.pending()).extracting(JournalReader.Entry::seq).containsExactly(1L);
    }

    @Test
    void runV1() {
        assertThat(RunFile.read(Golden.file("run-v1.json"))).isEqualTo(new RunInfo("ci", 1764338400000L, "local",
                "shop", "recommendation", "saleday-local", "http://127.0.0.1:41234", "0.1.0-SNAPSHOT", "589b1d1c0ffe",
                false, false, 1764338412345L, 1764338700000L, null));
        assertThat(RunFile.read(Golden.file("run-v1-dry-run-aborted.json"))).isEqualTo(new RunInfo("ci",
                1764338400000L, "local", "shop", "recommendation", "saleday-local", null, "0.1.0-SNAPSHOT",
                "589b1d1c0ffe", true, true, null, 1764338460000L, "probe error rate 0.25 over 10 s"));
    }
}
