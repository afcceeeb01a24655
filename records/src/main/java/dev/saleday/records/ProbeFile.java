package dev.saleday.records;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * {@code probe.jsonl}: one {@link ProbeRecord} per probe request after a {@link Header}. Written by the prober
 * (simulations), streamed by the analysis. Spec: docs/RECORDS.md.
 */
public final class ProbeFile {

    public static final RecordFormat FORMAT = new RecordFormat("probe.jsonl", "saleday.probe", 1);
    public static final String FILE_NAME = FORMAT.fileName();

    /**
     * The first line.
     *
     * @param url       the URL probed
     * @param rateRps   probes per second
     * @param timeoutMs a probe's timeout
     */
    public record Header(String format, int version, String url, double rateRps, long timeoutMs) {
        public Header(String url, double rateRps, long timeoutMs) {
            this(FORMAT.name(), FORMAT.version(), url, rateRps, timeoutMs);
        }
    }

    private ProbeFile() {
    }

    /** Creates (or truncates) {@code runDir/probe.jsonl} and writes its header; write {@link ProbeRecord}s. */
    public static JsonLinesWriter create(Path runDir, Header header) {
        return JsonLinesWriter.create(runDir.resolve(FILE_NAME), header);
    }

    /** @throws RecordException on a foreign header, an unknown version, or a broken line before the last */
    public static JsonLinesReader.Result read(Path file, Consumer<ProbeRecord> sink) {
        return JsonLinesReader.read(file, FORMAT, (node, line) -> sink.accept(new ProbeRecord(
                node.path("t").asLong(), node.path("sentAtMs").asLong(node.path("t").asLong()),
                node.path("latencyMs").asDouble(), node.path("status").asInt(0), node.path("outcome").asText("other"),
                JsonFields.text(node, "version"), JsonFields.text(node, "pod"))));
    }
}
