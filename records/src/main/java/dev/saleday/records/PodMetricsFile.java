package dev.saleday.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code pod-metrics.jsonl}: what the target pods' own metrics endpoint said during the run, scraped through the
 * Kubernetes API server's pod proxy, and what an existing Prometheus answered to the plan's named queries. After a
 * {@link Header}, three kinds of line, each with the harness's epoch ms {@code t}:
 * <ul>
 *   <li>{@code scrape} ({@link Scrape}): one pod's whole exposition, every series as written (name and labels) with
 *   its value. Counters are kept as the pod reported them (cumulative since the process started); the analysis takes
 *   differences and treats a counter that went down as a reset.</li>
 *   <li>{@code failure} ({@link Failure}): a scrape or a query that did not work, and why.</li>
 *   <li>{@code query} ({@link Query}): one named PromQL instant query's result.</li>
 * </ul>
 * Written by the recorder's pod metrics scraper, read by the analysis. Spec: docs/RECORDS.md.
 */
public final class PodMetricsFile {

    public static final RecordFormat FORMAT = new RecordFormat("pod-metrics.jsonl", "saleday.podMetrics", 1);
    public static final String FILE_NAME = FORMAT.fileName();

    /**
     * The first line.
     *
     * @param startedAtMs   epoch ms the scrapes started (round 0, just before the load)
     * @param namespace     the pods' namespace
     * @param deployment    the Deployment whose pods are scraped
     * @param port          the pods' metrics port (a container port name or number)
     * @param path          the metrics path
     * @param intervalMs    time between two scrape rounds
     * @param prometheusUrl the Prometheus asked, null when none
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"format", "version", "startedAtMs", "namespace", "deployment", "port", "path", "intervalMs",
            "prometheusUrl"})
    public record Header(String format, int version, long startedAtMs, String namespace, String deployment,
                         String port, String path, long intervalMs, String prometheusUrl) {
        public Header(long startedAtMs, String namespace, String deployment, String port, String path,
                      long intervalMs, String prometheusUrl) {
            this(FORMAT.name(), FORMAT.version(), startedAtMs, namespace, deployment, port, path, intervalMs,
                    prometheusUrl);
        }
    }

    /**
     * One pod's exposition.
     *
     * @param tMs       epoch ms the answer arrived (field {@code t})
     * @param pod       the pod's name
     * @param round     the scrape round (0 just before the load; every pod of a round is asked at once)
     * @param latencyMs how long the scrape took
     * @param series    every sample of the exposition: {@code name{labels}} exactly as written -> value
     */
    @JsonPropertyOrder({"t", "kind", "pod", "round", "latencyMs", "series"})
    public record Scrape(@JsonProperty("t") long tMs, String pod, int round, long latencyMs,
                         Map<String, Double> series) {
        public Scrape {
            series = java.util.Collections.unmodifiableMap(new TreeMap<>(series));
        }

        @JsonProperty("kind")
        public String kind() {
            return "scrape";
        }

        /** @return the value of one series ({@code name} or {@code name{labels}}), null when absent */
        public Double value(String seriesKey) {
            return series.get(seriesKey);
        }
    }

    /**
     * A scrape or a query that did not work.
     *
     * @param tMs    epoch ms (field {@code t})
     * @param source {@code pod} or {@code prometheus}
     * @param target the pod's name, or the query's name
     * @param round  the scrape round
     * @param reason why, in one line
     */
    @JsonPropertyOrder({"t", "kind", "source", "target", "round", "reason"})
    public record Failure(@JsonProperty("t") long tMs, String source, String target, int round, String reason) {
        @JsonProperty("kind")
        public String kind() {
            return "failure";
        }
    }

    /**
     * One named PromQL instant query's result.
     *
     * @param tMs    epoch ms (field {@code t})
     * @param name   the query's name in the plan
     * @param series each result series: its labels and value
     */
    @JsonPropertyOrder({"t", "kind", "name", "series"})
    public record Query(@JsonProperty("t") long tMs, String name, List<QuerySeries> series) {
        public Query {
            series = List.copyOf(series);
        }

        @JsonProperty("kind")
        public String kind() {
            return "query";
        }
    }

    /** One series of a query result. */
    @JsonPropertyOrder({"labels", "value"})
    public record QuerySeries(Map<String, String> labels, double value) {
        public QuerySeries {
            labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        }
    }

    /** Everything a pod-metrics.jsonl holds, in file order per kind. */
    public record Contents(Header header, List<Scrape> scrapes, List<Failure> failures, List<Query> queries,
                           boolean complete) {
        public Contents {
            scrapes = List.copyOf(scrapes);
            failures = List.copyOf(failures);
            queries = List.copyOf(queries);
        }
    }

    private PodMetricsFile() {
    }

    /** Creates (or truncates) {@code runDir/pod-metrics.jsonl} and writes its header. */
    public static JsonLinesWriter create(Path runDir, Header header) {
        return JsonLinesWriter.create(runDir.resolve(FILE_NAME), header);
    }

    /** @throws RecordException on a foreign header, an unknown version, or a broken line before the last */
    public static Contents read(Path file) {
        List<Scrape> scrapes = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        List<Query> queries = new ArrayList<>();
        JsonLinesReader.Result result = JsonLinesReader.read(file, FORMAT, (node, line) -> {
            long t = node.path("t").asLong();
            switch (node.path("kind").asText("")) {
                case "scrape" -> {
                    Map<String, Double> series = new LinkedHashMap<>();
                    for (Iterator<Map.Entry<String, JsonNode>> it = node.path("series").fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> entry = it.next();
                        series.put(entry.getKey(), number(entry.getValue()));
                    }
                    scrapes.add(new Scrape(t, JsonFields.text(node, "pod"), node.path("round").asInt(),
                            node.path("latencyMs").asLong(), series));
                }
                case "failure" -> failures.add(new Failure(t, JsonFields.text(node, "source"),
                        JsonFields.text(node, "target"), node.path("round").asInt(), JsonFields.text(node, "reason")));
                case "query" -> {
                    List<QuerySeries> series = new ArrayList<>();
                    for (JsonNode s : node.path("series")) {
                        Map<String, String> labels = new LinkedHashMap<>();
                        s.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                        series.add(new QuerySeries(labels, number(s.path("value"))));
                    }
                    queries.add(new Query(t, JsonFields.text(node, "name"), series));
                }
                default -> {
                    // a kind of a later minor addition: skipped, as readers skip what they do not know
                }
            }
        });
        JsonNode h = result.header();
        Header header = new Header(FORMAT.name(), h.path("version").asInt(), h.path("startedAtMs").asLong(),
                JsonFields.text(h, "namespace"), JsonFields.text(h, "deployment"), JsonFields.text(h, "port"),
                JsonFields.text(h, "path"), h.path("intervalMs").asLong(), JsonFields.text(h, "prometheusUrl"));
        return new Contents(header, scrapes, failures, queries, result.complete());
    }

    /** Prometheus values include NaN and the infinities, written as the strings "NaN", "+Inf", "-Inf". */
    private static double number(JsonNode value) {
        if (value.isNumber()) {
            return value.asDouble();
        }
        return switch (value.asText("NaN")) {
            case "+Inf", "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Inf", "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.NaN;
        };
    }
}
