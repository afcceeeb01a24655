package dev.saleday.records;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes, with the real writers and fixed inputs, the records the golden files hold: what each writer must still
 * write byte for byte. The inputs are the ones the golden files were first written from.
 */
final class GoldenRun {

    static final long T0_MS = 1764338412000L;
    static final long LOAD_START_MS = 1764338412345L;
    static final long JOURNAL_PID = 17696;

    private GoldenRun() {
    }

    static void injector(Path dir) {
        try (JsonLinesWriter out = InjectorFile.create(dir, new InjectorFile.Header("0/1", LOAD_START_MS))) {
            out.write(new InjectorSecond(T0_MS, "baseline", 100, 99, 0.41, 6L));
            out.write(new InjectorSecond(T0_MS + 1000, "baseline", 100, 100, 0.375, 2008L));
            out.write(new InjectorSecond(T0_MS + 2000, "peak", 0, 0, -1, null));
        }
    }

    static void host(Path dir) {
        try (JsonLinesWriter out = HostFile.create(dir, new HostFile.Header(LOAD_START_MS, 2, 4711))) {
            out.write(new HostSample(LOAD_START_MS, 1000, 0.93, 0.41, 21870L, 1530.0,
                    new HostSample.Injector(4711, 612.0, 410.0, 12.0),
                    List.of(new HostSample.Pod("recommendation-7d9f-abcde", 5123, 480.0, 295.0, 1000L, null),
                            new HostSample.Pod("recommendation-5c4b-fghij", 5188, 455.5, 280.25, 1000L, 3.5)),
                    java.util.Arrays.asList(612.5, 1071.9)));
            out.write(new HostSample(LOAD_START_MS + 1000, 1012, null, null, null,
                    new HostSample.Injector(4711, null, null, null), List.of())
                    .withCpuProbeUs(java.util.Arrays.asList(615.0, null)));
        }
    }

    static void podMetrics(Path dir) {
        try (JsonLinesWriter out = PodMetricsFile.create(dir, new PodMetricsFile.Header(LOAD_START_MS, "shop",
                "recommendation", "http", "/metrics", 2000, "http://127.0.0.1:9090"))) {
            out.write(new PodMetricsFile.Scrape(LOAD_START_MS + 55, "recommendation-7d9f-abcde", 0, 12, Map.of(
                    "model_requests_total{route=\"/predict\",status=\"200\"}", 40.0,
                    "model_predict_duration_seconds_bucket{le=\"0.005\"}", 38.0,
                    "model_predict_duration_seconds_bucket{le=\"+Inf\"}", 40.0,
                    "model_requests_in_flight", 1.0,
                    "process_cpu_seconds_total", 3.25)));
            out.write(new PodMetricsFile.Failure(LOAD_START_MS + 65, "pod", "recommendation-5c4b-fghij", 0,
                    "HTTP 503 from the pod proxy: connection refused"));
            out.write(new PodMetricsFile.Query(LOAD_START_MS + 75, "rps", List.of(
                    new PodMetricsFile.QuerySeries(Map.of("pod", "recommendation-7d9f-abcde"), 12.5),
                    new PodMetricsFile.QuerySeries(Map.of(), Double.NaN))));
        }
    }

    static void answers(Path dir) {
        try (JsonLinesWriter out = AnswersFile.create(dir)) {
            out.write(new AnswerCount(T0_MS, "v1.0", "recommendation-7d9f-abcde", 97, 0));
            out.write(new AnswerCount(T0_MS, "v1.1", "recommendation-5c4b-fghij", 2, 1));
            out.write(new AnswerCount(T0_MS + 1000, null, null, 0, 3));
        }
    }

    static void probe(Path dir) {
        try (JsonLinesWriter out = ProbeFile.create(dir,
                new ProbeFile.Header("http://127.0.0.1:41234/predict", 20, 2000))) {
            out.write(new ProbeRecord(T0_MS + 50, T0_MS + 51, 3.2, 200, "ok", "v1.0", "recommendation-7d9f-abcde"));
            out.write(new ProbeRecord(T0_MS + 100, T0_MS + 100, 12.75, 503, "http_error", "v1.1",
                    "recommendation-5c4b-fghij"));
            out.write(new ProbeRecord(T0_MS + 150, T0_MS + 152, 2000.5, 0, "timeout", null, null));
        }
    }

    static void capacity(Path dir) {
        try (JsonLinesWriter out = CapacityFile.create(dir, new CapacityFile.Header(200, 0.01))) {
            out.write(new CapacityFile.StepJudgement("step-01-100rps", 100, 1000, 1000, 0, 12.5, 0, true));
            out.write(new CapacityFile.StepJudgement("step-02-200rps", 200, 2000, 1900, 100, 450.25, 0.05, false));
            out.write(new CapacityFile.Knee("step-02-200rps", 200, 100,
                    "step-02-200rps broke a bound (p99 450 ms, errors 5.00 %)"));
        }
    }

    static void warmUp(Path dir) {
        try (JsonLinesWriter out = WarmUpFile.create(dir, new WarmUpFile.Header(1764338390000L,
                "recommendation-7d9f-abcde", 14, 5000, 60000))) {
            out.write(WarmUpFile.Sample.of(1764338390040L, 2.5, 12, 0.75, 0.125));
            out.write(WarmUpFile.Sample.failed(1764338395050L, "the pod proxy did not answer within 4 s"));
            out.write(WarmUpFile.Sample.of(1764338400045L, 4.25, 152, 1.5, null));
            out.write(new WarmUpFile.End(1764338400100L, 141, 140, 1, false));
        }
    }

    static void timeline(Path dir) throws IOException {
        AtomicLong clock = new AtomicLong(1764338400000L);
        try (TimelineWriter timeline = TimelineWriter.open(dir, "shop", () -> clock.getAndAdd(250))) {
            timeline.phase("baseline", "start", LOAD_START_MS);
            Map<String, Object> pod = timeline.line("pod");
            pod.put("event", "ready");
            pod.put("pod", "recommendation-7d9f-abcde");
            pod.put("node", "local-node-a");
            pod.put("version", "v1.0");
            pod.put("restartCount", 0);
            timeline.append(pod);
            Map<String, Object> deployment = timeline.line("deployment");
            deployment.put("name", "recommendation");
            deployment.put("replicas", 4);
            deployment.put("ready", 3);
            timeline.append(deployment);
            timeline.chaos("kill-30pc", "pod-kill", "applied", List.of("Pod/recommendation-7d9f-abcde"),
                    "deleted 1 pod(s)");
            timeline.chaos("release-v1.1", "rollout", "dry-run", List.of("Deployment/recommendation"), null);
            timeline.chaos(null, "abort", "abort", null, "probe error rate 0.25 over 10 s");
            timeline.phase("baseline", "end");
        }
    }

    static void journal(Path dir) throws IOException {
        AtomicLong clock = new AtomicLong(1764338430000L);
        try (Journal journal = Journal.create(dir, "shop", "saleday-local", () -> clock.getAndAdd(100),
                JOURNAL_PID)) {
            journal.intent(1, "kill-30pc", "pod-kill", List.of("Pod/recommendation-7d9f-abcde"),
                    undo("await-replaced", "namespace", "shop", "selector", "app=recommendation", "readyPods", 4,
                            "timeoutMillis", 120000));
            journal.event(1, "applied", "deleted 1 pod(s)");
            journal.intent(2, "bump", "scale", List.of("Deployment/recommendation"),
                    undo("restore-replicas", "namespace", "shop", "deployment", "recommendation", "replicas", 2));
            journal.event(2, "applied", "replicas 2 -> 4");
            journal.event(2, "undone", null);
            journal.event(1, "undo-failed", "only 2 of 4 pods ready again");
        }
    }

    static void run(Path dir) {
        RunInfo run = RunInfo.started("ci", 1764338400000L, "local", "shop", "recommendation", "0.1.0-SNAPSHOT",
                "589b1d1c0ffe", false);
        RunFile.write(dir, run);
        run = run.withTarget("saleday-local", "http://127.0.0.1:41234");
        RunFile.write(dir, run);
        run = run.withLoadStart(LOAD_START_MS);
        RunFile.write(dir, run);
        RunFile.write(dir, run.withEnd(1764338700000L, false, null));
    }

    static void dryRunAborted(Path dir) {
        RunInfo run = RunInfo.started("ci", 1764338400000L, "local", "shop", "recommendation", "0.1.0-SNAPSHOT",
                "589b1d1c0ffe", true).withTarget("saleday-local", null);
        RunFile.write(dir, run.withEnd(1764338460000L, true, "probe error rate 0.25 over 10 s"));
    }

    private static com.fasterxml.jackson.databind.JsonNode undo(String type, Object... fields) {
        Map<String, Object> undo = new LinkedHashMap<>();
        undo.put("type", type);
        for (int i = 0; i < fields.length; i += 2) {
            undo.put((String) fields[i], fields[i + 1]);
        }
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(undo);
    }
}
