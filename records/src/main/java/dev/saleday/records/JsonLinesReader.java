package dev.saleday.records;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a saleday JSON Lines record file (docs/RECORDS.md): a header line naming the format and its version, then
 * one object a line. A last line cut short (a crashed run) ends the file and marks it incomplete; a broken line
 * anywhere else is an error naming the file, line and column.
 */
public final class JsonLinesReader {

    /** Receives each record line after the header. */
    @FunctionalInterface
    public interface LineHandler {
        void line(JsonNode record, int lineNumber);
    }

    /**
     * @param header   the header line
     * @param complete false when the last line was cut short
     * @param records  record lines read (the header excluded)
     */
    public record Result(JsonNode header, boolean complete, long records) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonLinesReader() {
    }

    /**
     * @param format the expected format (header {@code format} and the highest {@code version} known)
     * @throws RecordException on a missing or foreign header, an unknown version, or a broken line before the last
     */
    public static Result read(Path file, RecordFormat format, LineHandler handler) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String headerLine = reader.readLine();
            if (headerLine == null || headerLine.isBlank()) {
                throw new RecordException(file, "1", "empty file: expected a header line {\"format\":\""
                        + format.name() + "\",\"version\":" + format.version() + ",...}");
            }
            JsonNode header = parse(file, headerLine, 1, true);
            format.check(file, "1:1", header);
            long records = 0;
            int lineNumber = 1;
            String line = reader.readLine();
            while (line != null) {
                lineNumber++;
                String next = reader.readLine();
                if (!line.isBlank()) {
                    JsonNode record = parse(file, line, lineNumber, next != null);
                    if (record == null) {
                        return new Result(header, false, records);
                    }
                    handler.line(record, lineNumber);
                    records++;
                }
                line = next;
            }
            return new Result(header, true, records);
        } catch (IOException e) {
            throw new RecordException(file, null, "cannot read: " + e.getMessage(), e);
        }
    }

    /** @return the parsed object; null when the LAST line is cut short (not {@code mustBeWhole}) */
    private static JsonNode parse(Path file, String line, int lineNumber, boolean mustBeWhole) {
        try {
            JsonNode node = MAPPER.readTree(line);
            if (node == null || !node.isObject()) {
                throw new RecordException(file, lineNumber + ":1", "expected a JSON object, got "
                        + RecordFormat.abbreviate(line));
            }
            return node;
        } catch (JsonProcessingException e) {
            if (!mustBeWhole) {
                return null;
            }
            JsonLocation at = e.getLocation();
            String column = at == null ? "1" : Long.toString(at.getColumnNr());
            throw new RecordException(file, lineNumber + ":" + column, "not a JSON object: "
                    + e.getOriginalMessage() + " in " + RecordFormat.abbreviate(line));
        }
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }
}
