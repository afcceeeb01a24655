package dev.saleday.records;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * {@code answers.jsonl}: answers per second and per (model version, pod), one {@link AnswerCount} a line after a
 * {@link Header}. Written by the load generator (simulations), read by the analysis. Spec: docs/RECORDS.md.
 */
public final class AnswersFile {

    public static final RecordFormat FORMAT = new RecordFormat("answers.jsonl", "saleday.answers", 1);
    public static final String FILE_NAME = FORMAT.fileName();

    /** The first line. */
    public record Header(String format, int version) {
        public Header() {
            this(FORMAT.name(), FORMAT.version());
        }
    }

    private AnswersFile() {
    }

    /** Creates (or truncates) {@code runDir/answers.jsonl} and writes its header; write {@link AnswerCount}s. */
    public static JsonLinesWriter create(Path runDir) {
        return JsonLinesWriter.create(runDir.resolve(FILE_NAME), new Header());
    }

    /** @throws RecordException on a foreign header, an unknown version, or a broken line before the last */
    public static JsonLinesReader.Result read(Path file, Consumer<AnswerCount> sink) {
        return JsonLinesReader.read(file, FORMAT, (node, line) -> sink.accept(new AnswerCount(
                node.path("t").asLong(), JsonFields.text(node, "version"), JsonFields.text(node, "pod"),
                node.path("ok").asLong(), node.path("failed").asLong())));
    }
}
