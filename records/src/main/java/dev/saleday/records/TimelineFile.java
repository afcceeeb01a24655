package dev.saleday.records;

import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code timeline.jsonl}: cluster state changes (the recorder), chaos actions (chaos) and phase markers (the
 * orchestrator) on one clock, one {@link TimelineEvent} a line after a header. Written by {@link TimelineWriter}.
 * Schema: docs/TIMELINE.md. Readers ignore fields and kinds they do not know, so later versions can add them
 * without a version bump.
 */
public final class TimelineFile {

    public static final RecordFormat FORMAT = new RecordFormat("timeline.jsonl", "saleday.timeline", 1);
    public static final String FILE_NAME = FORMAT.fileName();

    private static final TypeReference<LinkedHashMap<String, Object>> AS_MAP = new TypeReference<>() { };

    private TimelineFile() {
    }

    /** @throws RecordException on a foreign header, an unknown version, or a broken line before the last */
    public static JsonLinesReader.Result read(Path file, Consumer<TimelineEvent> sink) {
        return JsonLinesReader.read(file, FORMAT, (node, line) -> {
            Map<String, Object> fields = JsonLinesReader.mapper().convertValue(node, AS_MAP);
            fields.remove("t");
            Object kind = fields.remove("kind");
            sink.accept(new TimelineEvent(node.path("t").asLong(), kind == null ? "unknown" : kind.toString(),
                    fields));
        });
    }
}
