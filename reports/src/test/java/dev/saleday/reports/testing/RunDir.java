package dev.saleday.reports.testing;

import dev.saleday.reports.records.GatlingLogWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a synthetic run directory in the record formats of docs/RECORDS.md: run.json, a binary simulation.log,
 * probe.jsonl, timeline.jsonl, injector.jsonl, answers.jsonl. Times are offsets in ms from the load start.
 */
public final class RunDir implements AutoCloseable {

    public static final long LOAD_START_MS = 1_764_338_412_000L;

    private final Path dir;
    private final GatlingLogWriter log;
    private final List<String> probe = new ArrayList<>();
    private final List<String> timeline = new ArrayList<>();
    private final List<String> injector = new ArrayList<>();
    private final List<String> answers = new ArrayList<>();
    private final List<String> host = new ArrayList<>();
    private boolean ended = true;
    private boolean interrupted;

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
        probe.add(String.format(java.util.Locale.ROOT,
                "{\"t\":%d,\"sentAtMs\":%d,\"latencyMs\":%.1f,\"status\":%d,\"outcome\":\"%s\",\"version\":%s,"
                        + "\"pod\":%s}", t, t, latencyMs, outcome.equals("ok") ? 200 : 0, outcome,
                version == null ? "null" : "\"" + version + "\"", pod == null ? "null" : "\"" + pod + "\""));
        return this;
    }

    /** A timeline line: {@code fieldsJson} is the object's members after t and kind, e.g. {@code "event":"start"}. */
    public RunDir timeline(long offsetMs, String kind, String fieldsJson) {
        timeline.add("{\"t\":" + (LOAD_START_MS + offsetMs) + ",\"kind\":\"" + kind + "\""
                + (fieldsJson.isEmpty() ? "" : "," + fieldsJson) + "}");
        return this;
    }

    public RunDir chaos(long offsetMs, String fault, String action, String event) {
        return timeline(offsetMs, "chaos", "\"fault\":\"" + fault + "\",\"action\":\"" + action + "\",\"event\":\""
                + event + "\",\"targets\":[\"Pod/recommendation-1\"],\"message\":\"test\"");
    }

    public RunDir hpa(long offsetMs, int desired) {
        return timeline(offsetMs, "hpa", "\"name\":\"recommendation\",\"currentReplicas\":" + desired
                + ",\"desiredReplicas\":" + desired + ",\"minReplicas\":2,\"maxReplicas\":10");
    }

    public RunDir deployment(long offsetMs, int replicas, int updated, int ready, int available, int generation,
                             int observedGeneration) {
        return timeline(offsetMs, "deployment", "\"name\":\"recommendation\",\"replicas\":" + replicas
                + ",\"updated\":" + updated + ",\"ready\":" + ready + ",\"available\":" + available
                + ",\"generation\":" + generation + ",\"observedGeneration\":" + observedGeneration);
    }

    public RunDir injector(long offsetMs, String phase, long intended, long sent) {
        injector.add("{\"t\":" + (LOAD_START_MS + offsetMs) + ",\"phase\":\"" + phase + "\",\"intended\":"
                + intended + ",\"sent\":" + sent + ",\"hostCpu\":0.4}");
        return this;
    }

    /** An injector.jsonl second with the largest send lag of its requests. */
    public RunDir injector(long offsetMs, String phase, long intended, long sent, long sendLagMaxMs) {
        injector.add("{\"t\":" + (LOAD_START_MS + offsetMs) + ",\"phase\":\"" + phase + "\",\"intended\":"
                + intended + ",\"sent\":" + sent + ",\"hostCpu\":0.4,\"sendLagMaxMs\":" + sendLagMaxMs + "}");
        return this;
    }

    public RunDir answers(long offsetMs, String version, String pod, long ok, long failed) {
        answers.add("{\"t\":" + (LOAD_START_MS + offsetMs) + ",\"version\":\"" + version + "\",\"pod\":\"" + pod
                + "\",\"ok\":" + ok + ",\"failed\":" + failed + "}");
        return this;
    }

    /**
     * A host.jsonl second from {@code offsetMs}: the injector's run-queue wait and CPU (ms a second), and one pod's
     * (null = not measured).
     */
    public RunDir host(long offsetMs, double cpuBusy, Double injectorWaitMsPerS, Double podWaitMsPerS,
                       Double podCpuMsPerS) {
        host.add(String.format(java.util.Locale.ROOT, "{\"t\":%d,\"spanMs\":1000,\"cpuBusy\":%.3f,"
                        + "\"cpuPressure\":0.2,\"memAvailableMb\":20000,\"injector\":{\"pid\":10,\"cpuMsPerS\":300.0,"
                        + "\"waitMsPerS\":%s,\"gcPauseMsPerS\":2.0},\"pods\":[{\"pod\":\"recommendation-1\",\"pid\":11,"
                        + "\"cpuMsPerS\":%s,\"waitMsPerS\":%s,\"limitMillicores\":1000,\"throttledMsPerS\":null}]}",
                LOAD_START_MS + offsetMs, cpuBusy, injectorWaitMsPerS, podCpuMsPerS, podWaitMsPerS));
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
            Files.writeString(dir.resolve("run.json"), "{\"format\":\"saleday.run\",\"version\":1,"
                    + "\"plan\":\"test-plan\",\"startedAtMs\":" + (LOAD_START_MS - 5000) + ",\"target\":{"
                    + "\"cluster\":\"local\",\"namespace\":\"shop\",\"deployment\":\"recommendation\","
                    + "\"url\":\"http://127.0.0.1:41234\"},\"saleday\":\"0.1.0-SNAPSHOT\",\"gitCommit\":\"abc1234\","
                    + "\"loadStartMs\":" + LOAD_START_MS + (ended ? ",\"endedAtMs\":" + (LOAD_START_MS + 600_000)
                    : "") + ",\"interrupted\":" + interrupted + "}");
            writeJsonl("probe.jsonl", "{\"format\":\"saleday.probe\",\"version\":1,\"url\":\"http://x/predict\","
                    + "\"rateRps\":10,\"timeoutMs\":2000}", probe);
            writeJsonl("timeline.jsonl", "{\"format\":\"saleday.timeline\",\"version\":1,\"namespace\":\"shop\","
                    + "\"startedAtMs\":" + LOAD_START_MS + "}", timeline);
            if (!injector.isEmpty()) {
                writeJsonl("injector.jsonl", "{\"format\":\"saleday.injector\",\"version\":1,\"shard\":\"0/1\","
                        + "\"loadStartMs\":" + LOAD_START_MS + "}", injector);
            }
            if (!host.isEmpty()) {
                writeJsonl("host.jsonl", "{\"format\":\"saleday.host\",\"version\":1,\"loadStartMs\":"
                        + LOAD_START_MS + ",\"cores\":2,\"injectorPid\":10}", host);
            }
            if (!answers.isEmpty()) {
                writeJsonl("answers.jsonl", "{\"format\":\"saleday.answers\",\"version\":1}", answers);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeJsonl(String name, String header, List<String> lines) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8)) {
            out.write(header);
            out.write('\n');
            for (String line : lines) {
                out.write(line);
                out.write('\n');
            }
        }
    }
}
