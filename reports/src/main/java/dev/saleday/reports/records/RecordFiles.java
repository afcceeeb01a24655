package dev.saleday.reports.records;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Readers of each saleday record file of a run directory (formats in docs/RECORDS.md). */
public final class RecordFiles {

    public static final String RUN = "run.json";
    public static final String INJECTOR = "injector.jsonl";
    public static final String ANSWERS = "answers.jsonl";
    public static final String PROBE = "probe.jsonl";
    public static final String TIMELINE = "timeline.jsonl";
    public static final String HOST = "host.jsonl";

    private RecordFiles() {
    }

    /** @throws RecordException when run.json is not a {@code saleday.run} version 1 */
    public static RunInfo readRunInfo(Path file) {
        JsonNode root;
        try {
            root = JsonlReader.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new RecordException(file, null, "not readable JSON: " + e.getMessage(), e);
        }
        if (root == null || !"saleday.run".equals(root.path("format").asText(null))) {
            throw new RecordException(file, null, "expected \"format\":\"saleday.run\"");
        }
        if (root.path("version").asInt(-1) != 1) {
            throw new RecordException(file, null, "saleday.run version " + root.path("version")
                    + " is not supported: this saleday reads version 1");
        }
        JsonNode target = root.path("target");
        return new RunInfo(text(root, "plan"), number(root, "startedAtMs"), text(target, "cluster"),
                text(target, "namespace"), text(target, "deployment"), text(target, "url"), text(root, "saleday"),
                text(root, "gitCommit"), number(root, "loadStartMs"), number(root, "endedAtMs"),
                root.path("interrupted").asBoolean(false));
    }

    public static JsonlReader.Result readInjector(Path file, Consumer<InjectorSecond> sink) {
        return JsonlReader.read(file, "saleday.injector", 1, (node, line) -> sink.accept(new InjectorSecond(
                node.path("t").asLong(), text(node, "phase"), node.path("intended").asLong(),
                node.path("sent").asLong(), node.path("hostCpu").asDouble(-1), number(node, "sendLagMaxMs"))));
    }

    public static JsonlReader.Result readHost(Path file, Consumer<HostSample> sink) {
        return JsonlReader.read(file, "saleday.host", 1, (node, line) -> {
            List<HostSample.Pod> pods = new ArrayList<>();
            for (JsonNode pod : node.path("pods")) {
                pods.add(new HostSample.Pod(text(pod, "pod"), pod.path("pid").asLong(), decimal(pod, "cpuMsPerS"),
                        decimal(pod, "waitMsPerS"), number(pod, "limitMillicores"), decimal(pod, "throttledMsPerS")));
            }
            JsonNode injector = node.path("injector");
            sink.accept(new HostSample(node.path("t").asLong(), node.path("spanMs").asLong(1000),
                    decimal(node, "cpuBusy"), decimal(node, "cpuPressure"), number(node, "memAvailableMb"),
                    decimal(injector, "cpuMsPerS"), decimal(injector, "waitMsPerS"),
                    decimal(injector, "gcPauseMsPerS"), pods));
        });
    }

    public static JsonlReader.Result readAnswers(Path file, Consumer<AnswerCount> sink) {
        return JsonlReader.read(file, "saleday.answers", 1, (node, line) -> sink.accept(new AnswerCount(
                node.path("t").asLong(), text(node, "version"), text(node, "pod"), node.path("ok").asLong(),
                node.path("failed").asLong())));
    }

    public static JsonlReader.Result readProbe(Path file, Consumer<ProbeRecord> sink) {
        return JsonlReader.read(file, "saleday.probe", 1, (node, line) -> sink.accept(new ProbeRecord(
                node.path("t").asLong(), node.path("sentAtMs").asLong(node.path("t").asLong()),
                node.path("latencyMs").asDouble(), node.path("status").asInt(0), node.path("outcome").asText("other"),
                text(node, "version"), text(node, "pod"))));
    }

    public static JsonlReader.Result readTimeline(Path file, Consumer<TimelineEvent> sink) {
        TypeReference<LinkedHashMap<String, Object>> asMap = new TypeReference<>() { };
        return JsonlReader.read(file, "saleday.timeline", 1, (node, line) -> {
            Map<String, Object> fields = JsonlReader.mapper().convertValue(node, asMap);
            fields.remove("t");
            Object kind = fields.remove("kind");
            sink.accept(new TimelineEvent(node.path("t").asLong(), kind == null ? "unknown" : kind.toString(),
                    fields));
        });
    }

    /** @return every simulation.log under {@code runDir/gatling/}, in name order; empty when none */
    public static List<Path> simulationLogs(Path runDir) {
        Path gatling = runDir.resolve("gatling");
        List<Path> logs = new ArrayList<>();
        if (!Files.isDirectory(gatling)) {
            return logs;
        }
        try (var files = Files.walk(gatling, 3)) {
            for (Iterator<Path> it = files.iterator(); it.hasNext(); ) {
                Path p = it.next();
                if (p.getFileName().toString().equals("simulation.log")) {
                    logs.add(p);
                }
            }
        } catch (IOException e) {
            throw new RecordException(gatling, null, "cannot list: " + e.getMessage(), e);
        }
        logs.sort(null);
        return logs;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Double decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isNumber() ? null : value.asDouble();
    }

    private static Long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asLong();
    }
}
