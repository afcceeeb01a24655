package dev.saleday.reports.verdict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saleday.records.RecordException;
import dev.saleday.records.RecordFormat;
import dev.saleday.records.RunInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * verdict.json, version 1 (the schema is docs/VERDICT.md). Written through Jackson's tree so the layout is the
 * documented one whatever the records' shape; a measurement that could not be made (NaN) is written as null.
 */
public final class VerdictJson {

    public static final String FORMAT = "saleday.verdict";
    public static final int VERSION = 1;
    public static final String FILE_NAME = "verdict.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private VerdictJson() {
    }

    public static void write(Verdict verdict, Path file) throws IOException {
        Files.writeString(file, toJson(verdict) + "\n", StandardCharsets.UTF_8);
    }

    public static String toJson(Verdict verdict) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("verdict", verdict.verdict().name());
        ArrayNode invalidBy = root.putArray("invalidBy");
        verdict.invalidBy().forEach(cause -> invalidBy.add(cause.name().toLowerCase(java.util.Locale.ROOT)));
        root.put("complete", verdict.complete());
        root.put("exitStatus", verdict.exitStatus());
        ArrayNode reasons = root.putArray("reasons");
        verdict.reasons().forEach(reasons::add);
        ArrayNode checks = root.putArray("checks");
        for (Check check : verdict.checks()) {
            ObjectNode node = checks.addObject();
            node.put("name", check.name());
            node.put("kind", check.kind().name());
            if (check.reached()) {
                node.put("passed", check.passed());
            } else {
                node.putNull("passed");
                node.put("reached", false);
            }
            putNumber(node, "measured", check.measured());
            putNumber(node, "threshold", check.threshold());
            node.put("unit", check.unit());
            node.put("comparison", check.comparison().symbol());
            node.put("detail", check.detail());
            if (check.atMs() == null) {
                node.putNull("atMs");
            } else {
                node.put("atMs", check.atMs());
            }
        }
        root.set("run", runNode(verdict.run()));
        ArrayNode summary = root.putArray("summary");
        for (MetricSummary scope : verdict.summary()) {
            ObjectNode node = summary.addObject();
            node.put("scope", scope.scope());
            node.put("requests", scope.requests());
            node.put("failed", scope.failed());
            putNumber(node, "errorRate", scope.errorRate());
            node.set("all", percentilesNode(scope.all()));
            node.set("successful", percentilesNode(scope.successful()));
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    /**
     * @throws RecordException when the file is not a verdict.json of a version this reader knows, or is broken
     */
    public static Verdict read(Path file) {
        JsonNode root = new RecordFormat(FILE_NAME, FORMAT, VERSION).readWholeFile(file);
        try {
            return fromTree(root);
        } catch (RuntimeException e) {
            throw new RecordException(file, null, "malformed verdict: " + e.getMessage(), e);
        }
    }

    private static Verdict fromTree(JsonNode root) {
        List<Check> checks = new ArrayList<>();
        for (JsonNode node : root.path("checks")) {
            checks.add(new Check(node.path("name").asText(), CheckKind.valueOf(node.path("kind").asText()),
                    node.path("passed").asBoolean(), number(node.get("measured")), number(node.get("threshold")),
                    node.path("unit").asText(), comparison(node.path("comparison").asText()),
                    node.path("detail").asText(), longOrNull(node.get("atMs")), node.path("reached").asBoolean(true)));
        }
        List<String> reasons = new ArrayList<>();
        root.path("reasons").forEach(r -> reasons.add(r.asText()));
        List<MetricSummary> summary = new ArrayList<>();
        for (JsonNode node : root.path("summary")) {
            summary.add(new MetricSummary(node.path("scope").asText(), node.path("requests").asLong(),
                    node.path("failed").asLong(), number(node.get("errorRate")), percentiles(node.get("all")),
                    percentiles(node.get("successful"))));
        }
        JsonNode run = root.path("run");
        RunInfo info = new RunInfo(textOrNull(run, "plan"), longOrNull(run.get("startedAtMs")),
                textOrNull(run, "cluster"), textOrNull(run, "namespace"), textOrNull(run, "deployment"),
                textOrNull(run, "context"), textOrNull(run, "url"), textOrNull(run, "saleday"),
                textOrNull(run, "gitCommit"), run.path("dryRun").asBoolean(false),
                run.path("interrupted").asBoolean(false), longOrNull(run.get("loadStartMs")),
                longOrNull(run.get("endedAtMs")), textOrNull(run, "abortReason"));
        RunMetadata metadata = new RunMetadata(info, textOrNull(run, "gatlingVersion"),
                textOrNull(run, "simulationClass"));
        return new Verdict(Outcome.valueOf(root.path("verdict").asText()), root.path("complete").asBoolean(),
                checks, metadata, reasons, summary);
    }

    private static ObjectNode runNode(RunMetadata run) {
        ObjectNode node = MAPPER.createObjectNode();
        if (run == null) {
            return node;
        }
        RunInfo info = run.info();
        node.put("plan", info.plan());
        node.put("cluster", info.cluster());
        node.put("namespace", info.namespace());
        node.put("deployment", info.deployment());
        node.put("url", info.url());
        node.put("saleday", info.saledayVersion());
        node.put("gitCommit", info.gitCommit());
        node.put("gatlingVersion", run.gatlingVersion());
        node.put("simulationClass", run.simulationClass());
        node.put("startedAtMs", info.startedAtMs());
        node.put("loadStartMs", info.loadStartMs());
        node.put("endedAtMs", info.endedAtMs());
        node.put("interrupted", info.interrupted());
        node.put("context", info.context());
        node.put("dryRun", info.dryRun());
        node.put("abortReason", info.abortReason());
        return node;
    }

    private static JsonNode percentilesNode(Percentiles p) {
        if (p == null) {
            return MAPPER.nullNode();
        }
        ObjectNode node = MAPPER.createObjectNode();
        putNumber(node, "p50", p.p50Ms());
        putNumber(node, "p90", p.p90Ms());
        putNumber(node, "p95", p.p95Ms());
        putNumber(node, "p99", p.p99Ms());
        putNumber(node, "p999", p.p999Ms());
        putNumber(node, "max", p.maxMs());
        return node;
    }

    private static Percentiles percentiles(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return new Percentiles(number(node.get("p50")), number(node.get("p90")), number(node.get("p95")),
                number(node.get("p99")), number(node.get("p999")), number(node.get("max")));
    }

    private static void putNumber(ObjectNode node, String field, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    private static double number(JsonNode node) {
        return node == null || node.isNull() ? Double.NaN : node.asDouble();
    }

    private static Long longOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asLong();
    }

    private static String textOrNull(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static Comparison comparison(String symbol) {
        for (Comparison comparison : Comparison.values()) {
            if (comparison.symbol().equals(symbol)) {
                return comparison;
            }
        }
        throw new IllegalArgumentException("unknown comparison '" + symbol + "', expected <= or >=");
    }
}
