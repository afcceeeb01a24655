package dev.saleday.records;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code capacity.jsonl}: a capacity search's judgements, one {@link StepJudgement} per judged step after a
 * {@link Header}, then the {@link Knee} when one was found. Written by the load generator's knee detector
 * (simulations). Spec: docs/RECORDS.md.
 */
public final class CapacityFile {

    public static final RecordFormat FORMAT = new RecordFormat("capacity.jsonl", "saleday.capacity", 2);
    public static final String FILE_NAME = FORMAT.fileName();

    /**
     * The first line: the bounds each step is judged against.
     *
     * @param maxP99Ms     the p99 bound, ms
     * @param maxErrorRate the error-rate bound, 0..1
     */
    public record Header(String format, int version, long maxP99Ms, double maxErrorRate) {
        public Header(long maxP99Ms, double maxErrorRate) {
            this(FORMAT.name(), FORMAT.version(), maxP99Ms, maxErrorRate);
        }
    }

    /**
     * One judged step.
     *
     * @param step      the step's phase name
     * @param rateRps   its rate (this shard's)
     * @param held      whether its p99 and error rate stayed within the bounds
     */
    public record StepJudgement(String step, double rateRps, long sent, long ok, long failed, double p99Ms,
                                double errorRate, boolean held) {
    }

    /**
     * The knee ({@code kind} is always {@code knee}): the first step over a bound, or the first of two steps in a row
     * whose p99 rose steeply (the queue grew: the target no longer kept up, though the bound still held).
     *
     * @param lastSustainedRateRps the rate of the step before the knee, 0 when the knee is the first step
     * @param reason               what made it the knee, e.g. {@code p99 29 -> 97 -> 469 ms: the queue grew}
     *                             (version 2); null in version 1, whose knee was always the first step over a bound
     */
    public record Knee(String kind, String step, double rateRps, double lastSustainedRateRps, String reason) {
        public Knee(String step, double rateRps, double lastSustainedRateRps, String reason) {
            this("knee", step, rateRps, lastSustainedRateRps, reason);
        }

        public Knee(String step, double rateRps, double lastSustainedRateRps) {
            this(step, rateRps, lastSustainedRateRps, null);
        }
    }

    /** What a capacity.jsonl holds; {@code knee} is null when no step broke a bound. */
    public record Contents(Header header, List<StepJudgement> steps, Knee knee, boolean complete) {
    }

    private CapacityFile() {
    }

    /** Creates (or truncates) {@code runDir/capacity.jsonl} and writes its header. */
    public static JsonLinesWriter create(Path runDir, Header header) {
        return JsonLinesWriter.create(runDir.resolve(FILE_NAME), header);
    }

    /** @throws RecordException on a foreign header, an unknown version, or a broken line before the last */
    public static Contents read(Path file) {
        List<StepJudgement> steps = new ArrayList<>();
        Knee[] knee = {null};
        JsonLinesReader.Result result = JsonLinesReader.read(file, FORMAT, (node, line) -> {
            if ("knee".equals(node.path("kind").asText(null))) {
                knee[0] = new Knee(JsonFields.text(node, "step"), node.path("rateRps").asDouble(),
                        node.path("lastSustainedRateRps").asDouble(), node.path("reason").asText(null));
            } else {
                steps.add(new StepJudgement(JsonFields.text(node, "step"), node.path("rateRps").asDouble(),
                        node.path("sent").asLong(), node.path("ok").asLong(), node.path("failed").asLong(),
                        node.path("p99Ms").asDouble(), node.path("errorRate").asDouble(),
                        node.path("held").asBoolean()));
            }
        });
        return new Contents(new Header(FORMAT.name(), result.header().path("version").asInt(),
                result.header().path("maxP99Ms").asLong(), result.header().path("maxErrorRate").asDouble()),
                List.copyOf(steps), knee[0], result.complete());
    }
}
