package dev.saleday.reports.testing;

import dev.saleday.records.AnswerCount;
import dev.saleday.records.AnswersFile;
import dev.saleday.records.GatlingLogWriter;
import dev.saleday.records.HostFile;
import dev.saleday.records.HostSample;
import dev.saleday.records.InjectorFile;
import dev.saleday.records.InjectorSecond;
import dev.saleday.records.JsonLinesWriter;
import dev.saleday.records.ProbeFile;
import dev.saleday.records.ProbeRecord;
import dev.saleday.records.RunFile;
import dev.saleday.records.RunInfo;
import dev.saleday.records.TimelineWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Writes a synthetic run directory with saleday's own writers (the records module): run.json, a binary
 * simulation.log, probe.jsonl, timeline.jsonl, injector.jsonl, answers.jsonl. Times are offsets in ms from the load
 * start. The simulation.log is written as records come; the other files when the run directory is closed.
 */
public final class RunDir implements AutoCloseable {

    public static final long LOAD_START_MS = 1_764_338_412_000L;

    private final Path dir;
    private final GatlingLogWriter log;
    private final List<ProbeRecord> probe = new ArrayList<>();
    private final List<Consumer<TimelineLines>> timeline = new ArrayList<>();
    private final List<InjectorSecond> injector = new ArrayList<>();
    private final List<AnswerCount> answers = new ArrayList<>();
    private final List<HostSample> host = new ArrayList<>();
    private boolean ended = true;
    private boolean interrupted;

    /** The timeline writer on a clock the fixture sets before each line. */
    private record TimelineLines(TimelineWriter writer, AtomicLong clockMs) {
    }

    public RunDir(Path dir) {
        this.dir = dir;
        try {
            Path logDir = dir.resolve("gatling/salesim-20261128").toAbsolutePath();
            Files.createDirectories(logDir);
            log = GatlingLogWriter.create(logDir.resolve("simulation.log"), "dev.saleday.SaleDaySimulation",
                    LOAD_START_MS - 50, List.of("load"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path simulationLog() {
        return dir.resolve("gatling/salesim-20261128/simulation.log");
    }

    /** A load request that started at {@code startOffsetMs} and took {@code latencyMs}. */
    public RunDir request(long startOffsetMs, long latencyMs, boolean ok, String message) {
        try {
            log.request("predict", LOAD_START_MS + startOffsetMs, LOAD_START_MS + startOffsetMs + latencyMs, ok,
                    ok ? "" : message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public RunDir ok(long startOffsetMs, long latencyMs) {
        return request(startOffsetMs, latencyMs, true, null);
    }

    public RunDir ko(long startOffsetMs, long latencyMs) {
        return request(startOffsetMs, latencyMs, false, "status.find.is(200), found 503");
    }

    /** {@code count} requests spread evenly over [fromMs, toMs), each with {@code latencyMs}. */
    public RunDir steady(long fromMs, long toMs, int count, long latencyMs, boolean ok) {
        for (int i = 0; i < count; i++) {
            long at = fromMs + (toMs - fromMs) * i / count;
            if (ok) {
                ok(at, latencyMs);
            } else {
                ko(at, latencyMs);
            }
        }
        return this;
    }

    public RunDir probe(long offsetMs, double latencyMs, String outcome, String version, String pod) {
        long t = LOAD_START_MS + offsetMs;
        probe.add(new ProbeRecord(t, t, latencyMs, outcome.equals("ok") ? 200 : 0, outcome, version, pod));
        return this;
    }

    /** A timeline line of {@code kind} with {@code fields} after {@code t} and {@code kind}, in their order. */
    public RunDir timeline(long offsetMs, String kind, Map<String, Object> fields) {
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        timeline.add(lines -> {
            lines.clockMs().set(LOAD_START_MS + offsetMs);
            Map<String, Object> line = lines.writer().line(kind);
            line.putAll(copy);
            lines.writer().append(line);
        });
        return this;
    }

    /** A phase marker, as the orchestrator writes it. */
    public RunDir phase(long offsetMs, String name, String event) {
        timeline.add(lines -> lines.writer().phase(name, event, LOAD_START_MS + offsetMs));
        return this;
    }

    /** A pod event ({@code ready}, {@code deleted}...), as the recorder writes it (its other fields left out). */
    public RunDir pod(long offsetMs, String event, String pod) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", event);
        fields.put("pod", pod);
        return timeline(offsetMs, "pod", fields);
    }

    public RunDir chaos(long offsetMs, String fault, String action, String event) {
        timeline.add(lines -> {
            lines.clockMs().set(LOAD_START_MS + offsetMs);
            lines.writer().chaos(fault, action, event, List.of("Pod/recommendation-1"), "test");
        });
        return this;
    }

    public RunDir hpa(long offsetMs, int desired) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", "recommendation");
        fields.put("currentReplicas", desired);
        fields.put("desiredReplicas", desired);
        fields.put("minReplicas", 2);
        fields.put("maxReplicas", 10);
        return timeline(offsetMs, "hpa", fields);
    }

    public RunDir deployment(long offsetMs, int replicas, int updated, int ready, int available, int generation,
                             int observedGeneration) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", "recommendation");
        fields.put("replicas", replicas);
        fields.put("updated", updated);
        fields.put("ready", ready);
        fields.put("available", available);
        fields.put("generation", generation);
        fields.put("observedGeneration", observedGeneration);
        return timeline(offsetMs, "deployment", fields);
    }

    public RunDir injector(long offsetMs, String phase, long intended, long sent) {
        injector.add(new InjectorSecond(LOAD_START_MS + offsetMs, phase, intended, sent, 0.4));
        return this;
    }

    /** An injector.jsonl second with the largest send lag of its requests. */
    public RunDir injector(long offsetMs, String phase, long intended, long sent, long sendLagMaxMs) {
        injector.add(new InjectorSecond(LOAD_START_MS + offsetMs, phase, intended, sent, 0.4, sendLagMaxMs));
        return this;
    }

    public RunDir answers(long offsetMs, String version, String pod, long ok, long failed) {
        answers.add(new AnswerCount(LOAD_START_MS + offsetMs, version, pod, ok, failed));
        return this;
    }

    /**
     * A host.jsonl second from {@code offsetMs}: the injector's run-queue wait and CPU (ms a second), and one pod's
     * (null = not measured).
     */
    public RunDir host(long offsetMs, double cpuBusy, Double injectorWaitMsPerS, Double podWaitMsPerS,
                       Double podCpuMsPerS) {
        return host(offsetMs, cpuBusy, null, injectorWaitMsPerS, podWaitMsPerS, podCpuMsPerS);
    }

    /** As {@link #host(long, double, Double, Double, Double)}, with the CPU other work at our priority took. */
    public RunDir host(long offsetMs, double cpuBusy, Double contendingCpuMsPerS, Double injectorWaitMsPerS,
                       Double podWaitMsPerS, Double podCpuMsPerS) {
        host.add(new HostSample(LOAD_START_MS + offsetMs, 1000, cpuBusy, 0.2, 20_000L, contendingCpuMsPerS,
                new HostSample.Injector(10, 300.0, injectorWaitMsPerS, 2.0),
                List.of(new HostSample.Pod("recommendation-1", 11, podCpuMsPerS, podWaitMsPerS, 1000L, null))));
        return this;
    }

    /** Marks run.json interrupted, as a run stopped by SIGTERM or Ctrl-C leaves it. */
    public RunDir interrupted() {
        interrupted = true;
        return this;
    }

    /** Leaves run.json without its end, as a crashed run does. */
    public RunDir crashed() {
        ended = false;
        return this;
    }

    @Override
    public void close() {
        try {
            log.close();
            RunInfo run = RunInfo.started("test-plan", LOAD_START_MS - 5000, "local", "shop", "recommendation",
                    "0.1.0-SNAPSHOT", "abc1234", false).withTarget("saleday-local", "http://127.0.0.1:41234")
                    .withLoadStart(LOAD_START_MS);
            RunFile.write(dir, ended || interrupted ? run.withEnd(LOAD_START_MS + 600_000, interrupted, null) : run);
            try (JsonLinesWriter out = ProbeFile.create(dir, new ProbeFile.Header("http://x/predict", 10, 2000))) {
                probe.forEach(out::write);
            }
            AtomicLong clockMs = new AtomicLong(LOAD_START_MS);
            try (TimelineWriter writer = TimelineWriter.open(dir, "shop", clockMs::get)) {
                TimelineLines lines = new TimelineLines(writer, clockMs);
                timeline.forEach(line -> line.accept(lines));
            }
            if (!injector.isEmpty()) {
                try (JsonLinesWriter out = InjectorFile.create(dir, new InjectorFile.Header("0/1", LOAD_START_MS))) {
                    injector.forEach(out::write);
                }
            }
            if (!host.isEmpty()) {
                try (JsonLinesWriter out = HostFile.create(dir, new HostFile.Header(LOAD_START_MS, 2, 10))) {
                    host.forEach(out::write);
                }
            }
            if (!answers.isEmpty()) {
                try (JsonLinesWriter out = AnswersFile.create(dir)) {
                    answers.forEach(out::write);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
