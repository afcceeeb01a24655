package dev.saleday.records;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One saleday record format: the file it lives in, the name its header carries and the version this saleday writes
 * and reads. A reader {@link #check checks} a header against it before reading a record.
 *
 * @param fileName the file's name in the run directory, e.g. {@code timeline.jsonl}
 * @param name     the header's {@code format}, e.g. {@code saleday.timeline}
 * @param version  the header's {@code version} written today; readers know every version from 1 up to it
 */
public record RecordFormat(String fileName, String name, int version) {

    public RecordFormat {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(name, "name");
        if (version < 1) {
            throw new IllegalArgumentException("a format version must be >= 1, got " + version);
        }
    }

    /**
     * Checks a header (the first line of a JSON Lines file, or the root of a JSON file) names this format and a
     * version this saleday reads.
     *
     * @param where the place of the header, {@code 1:1} for a first line, null for a whole-file JSON
     * @throws RecordException naming the file and place otherwise
     */
    public void check(Path file, String where, JsonNode header) {
        if (header == null || !header.isObject() || !name.equals(header.path("format").asText(null))) {
            throw new RecordException(file, where, "expected a header with \"format\":\"" + name + "\", got "
                    + (header == null ? "nothing" : abbreviate(header.toString())));
        }
        int found = header.path("version").asInt(-1);
        if (found < 1 || found > version) {
            throw new RecordException(file, where, "format " + name + " version " + header.path("version")
                    + " is not supported (this saleday reads " + (version == 1 ? "1" : "1.." + version) + ")");
        }
    }

    /**
     * Reads a whole-file JSON record (run.json, verdict.json) and {@link #check checks} its header.
     *
     * @throws RecordException when the file is not readable JSON, not an object, or not this format
     */
    public JsonNode readWholeFile(Path file) {
        JsonNode root;
        try {
            root = JsonLinesReader.mapper().readTree(file.toFile());
        } catch (java.io.IOException e) {
            throw new RecordException(file, null, "not readable JSON: " + e.getMessage(), e);
        }
        check(file, null, root);
        return root;
    }

    static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
