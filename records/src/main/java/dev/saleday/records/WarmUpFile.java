package dev.saleday.records;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code warm-up.jsonl}: a capacity search's warm-up of its held pod, after a {@link Header}: one {@link Sample} of the
 * pod's own counters at the start and at the end of each window (its process CPU and its answered predictions, read
 * from its metrics endpoint; from version 2 also its JVM's compile and collection time, where the pod shows them),
 * then the {@link End}. The warm-up ends when the pod's CPU a request has settled (the
 * rule: reports' {@code WarmUpSettling}) or at its maximum. Written by cli ({@code SettledWarmUp}). Spec:
 * docs/RECORDS.md.
 */
public final class WarmUpFile {

    public static final RecordFormat FORMAT = new RecordFormat("warm-up.jsonl", "saleday.warm-up", 2);
    public static final String FILE_NAME = FORMAT.fileName();

    /**
     * The first line.
     *
     * @param startedAtMs epoch ms the warm-up started
     * @param pod         the held pod
     * @param rateRps     the warm-up's paced rate
     * @param windowMs    how often the pod's counters are read
     * @param maxMs       the longest the warm-up may take
     */
    public record Header(String format, int version, long startedAtMs, String pod, double rateRps, long windowMs,
                         long maxMs) {
        public Header(long startedAtMs, String pod, double rateRps, long windowMs, long maxMs) {
            this(FORMAT.name(), FORMAT.version(), startedAtMs, pod, rateRps, windowMs, maxMs);
        }
    }

    /**
     * The pod's counters at one instant; a reading that failed has {@code failure} set and no counters.
     *
     * @param atMs       epoch ms the answer came
     * @param cpuSeconds the pod's process CPU, seconds ({@code process_cpu_seconds_total})
     * @param predicts   predictions the pod answered ({@code model_predict_duration_seconds_count})
     * @param jvmCompileSeconds the pod's JIT compilers' time, seconds ({@code jvm_compilation_time_seconds_total});
     *                   null when the pod does not show it (and in version 1)
     * @param jvmGcSeconds the pod's collectors' time, seconds (the sum of {@code jvm_gc_collection_seconds_sum} over
     *                   its collectors); null when the pod does not show it (and in version 1)
     * @param failure    why the counters could not be read, null when they were
     */
    public record Sample(long atMs, Double cpuSeconds, Double predicts, Double jvmCompileSeconds, Double jvmGcSeconds,
                         String failure) {
        public static Sample of(long atMs, double cpuSeconds, double predicts) {
            return new Sample(atMs, cpuSeconds, predicts, null, null, null);
        }

        public static Sample of(long atMs, double cpuSeconds, double predicts, Double jvmCompileSeconds,
                                Double jvmGcSeconds) {
            return new Sample(atMs, cpuSeconds, predicts, jvmCompileSeconds, jvmGcSeconds, null);
        }

        public static Sample failed(long atMs, String failure) {
            return new Sample(atMs, null, null, null, null, failure);
        }

        public boolean read() {
            return failure == null;
        }
    }

    /**
     * The last line ({@code kind} is always {@code end}).
     *
     * @param atMs    epoch ms the warm-up ended
     * @param sent    requests sent
     * @param ok      answered 2xx
     * @param failed  failed (error status, timeout, refused)
     * @param settled whether it ended because the pod's CPU a request had settled (false: it ran to its maximum)
     */
    public record End(String kind, long atMs, long sent, long ok, long failed, boolean settled) {
        public End(long atMs, long sent, long ok, long failed, boolean settled) {
            this("end", atMs, sent, ok, failed, settled);
        }
    }

    /** What a warm-up.jsonl holds; {@code end} is null when the warm-up never finished (the command was killed). */
    public record Contents(Header header, List<Sample> samples, End end, boolean complete) {
    }

    private WarmUpFile() {
    }

    /** Creates (or truncates) {@code runDir/warm-up.jsonl} and writes its header. */
    public static JsonLinesWriter create(Path runDir, Header header) {
        return JsonLinesWriter.create(runDir.resolve(FILE_NAME), header);
    }

    /** @throws RecordException on a foreign header, an unknown version, or a broken line before the last */
    public static Contents read(Path file) {
        List<Sample> samples = new ArrayList<>();
        End[] end = {null};
        JsonLinesReader.Result result = JsonLinesReader.read(file, FORMAT, (node, line) -> {
            if ("end".equals(node.path("kind").asText(null))) {
                end[0] = new End(node.path("atMs").asLong(), node.path("sent").asLong(), node.path("ok").asLong(),
                        node.path("failed").asLong(), node.path("settled").asBoolean());
            } else {
                samples.add(new Sample(node.path("atMs").asLong(), decimal(node, "cpuSeconds"), decimal(node, "predicts"),
                        decimal(node, "jvmCompileSeconds"), decimal(node, "jvmGcSeconds"),
                        node.path("failure").asText(null)));
            }
        });
        var header = result.header();
        return new Contents(new Header(FORMAT.name(), header.path("version").asInt(),
                header.path("startedAtMs").asLong(), header.path("pod").asText(null),
                header.path("rateRps").asDouble(), header.path("windowMs").asLong(), header.path("maxMs").asLong()),
                List.copyOf(samples), end[0], result.complete());
    }

    private static Double decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isNumber() ? null : value.asDouble();
    }
}
