package dev.saleday.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.saleday.records.JournalFile;
import dev.saleday.records.TimelineFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a run directory's JSONL records back in tests. */
final class Timelines {
    private Timelines() {
    }

    static List<JsonNode> lines(Path file) {
        List<JsonNode> lines = new ArrayList<>();
        if (!Files.exists(file)) {
            return lines;
        }
        try {
            for (String text : Files.readAllLines(file)) {
                if (!text.isBlank()) {
                    try {
                        lines.add(ChaosJson.MAPPER.readTree(text));
                    } catch (IOException partial) {
                        // a line being written
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    static List<JsonNode> ofKind(Path file, String kind) {
        return lines(file).stream().filter(l -> kind.equals(l.path("kind").asText())).toList();
    }

    static List<String> chaosEvents(Path runDir) {
        return ofKind(runDir.resolve(TimelineFile.FILE_NAME), "chaos").stream()
                .map(l -> l.path("fault").asText() + ":" + l.path("event").asText()).toList();
    }

    static List<String> journalEvents(Path runDir) {
        return lines(runDir.resolve(JournalFile.FILE_NAME)).stream().skip(1)
                .map(l -> l.path("seq").asText() + ":" + l.path("event").asText()).toList();
    }
}
