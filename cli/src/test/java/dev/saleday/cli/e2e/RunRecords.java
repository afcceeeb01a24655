package dev.saleday.cli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a run directory's JSON records in tests. */
final class RunRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunRecords() {
    }

    static JsonNode json(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    /** @return every complete line of a JSON Lines file, the header included */
    static List<JsonNode> lines(Path file) {
        List<JsonNode> lines = new ArrayList<>();
        if (!Files.exists(file)) {
            return lines;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    // a line being written: the end of the file for now
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    static List<JsonNode> chaos(Path runDir, String fault, String event) {
        return lines(runDir.resolve("timeline.jsonl")).stream()
                .filter(l -> "chaos".equals(l.path("kind").asText()) && fault.equals(l.path("fault").asText())
                        && event.equals(l.path("event").asText())).toList();
    }
}
