package dev.saleday.records;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * {@code injector.jsonl}: one {@link InjectorSecond} a second of load, after a {@link Header}. Written by the load
 * generator (simulations), read by the analysis. Spec: docs/RECORDS.md.
 */
public final class InjectorFile {

    /** Version 2 adds {@code sendLagMaxMs}; version 1 is read with it null. */
    public static final RecordFormat FORMAT = new RecordFormat("injector.jsonl", "saleday.injector", 2);
    public static final String FILE_NAME = FORMAT.fileName();

    /**
     * The first line.
     *
     * @param shard       the injector's shard, {@code index/count} (e.g. {@code 0/1})
     * @param loadStartMs epoch ms the load started
     */
    public record Header(String format, int version, String shard, long loadStartMs) {
        public Header(String shard, long loadStartMs) {
            this(FORMAT.name(), FORMAT.version(), shard, loadStartMs);
        }
    }

    private InjectorFile() {
    }

    /** Creates (or truncates) {@code runDir/injector.jsonl} and writes its header; write {@link InjectorSecond}s. */
    public static JsonLinesWriter create(Path runDir, Header header) {
        return JsonLinesWriter.create(runDir.resolve(FILE_NAME), header);
    }

    /** @throws RecordException on a foreign header, an unknown version, or a broken line before the last */
    public static JsonLinesReader.Result read(Path file, Consumer<InjectorSecond> sink) {
        return JsonLinesReader.read(file, FORMAT, (node, line) -> sink.accept(new InjectorSecond(
                node.path("t").asLong(), JsonFields.text(node, "phase"), node.path("intended").asLong(),
                node.path("sent").asLong(), node.path("hostCpu").asDouble(-1),
                JsonFields.number(node, "sendLagMaxMs"))));
    }
}
