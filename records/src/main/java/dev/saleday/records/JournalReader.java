package dev.saleday.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads journal.jsonl ({@link JournalFile}) back into its actions and their last state. Unlike the other record
 * files, a broken line anywhere is skipped: a run killed mid-write leaves a cut line, and recovery appends after it.
 */
public final class JournalReader {

    /**
     * One journaled action.
     *
     * @param lastEvent intent, applied, failed, undone or undo-failed
     */
    public record Entry(long seq, String fault, String action, List<String> targets, JsonNode undo,
                        String lastEvent) {
        /** @return whether the action may still be in effect: everything not yet undone */
        public boolean pending() {
            return !"undone".equals(lastEvent);
        }
    }

    public record Contents(String namespace, String context, List<Entry> entries) {
        /** @return the actions not yet undone, newest first (the order to undo them in) */
        public List<Entry> pending() {
            return entries.stream().filter(Entry::pending)
                    .sorted(Comparator.comparingLong(Entry::seq).reversed()).toList();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private JournalReader() {
    }

    /**
     * @throws IOException when the file cannot be read, is not a journal, or is of a version this reader does not
     *                     know; a truncated last line (a run killed mid-write) is read as the end of the file
     */
    public static Contents read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(file + ": empty, expected a " + JournalFile.FORMAT.name() + " header line");
        }
        JsonNode header = parse(lines.get(0));
        try {
            JournalFile.FORMAT.check(file, "1", header);
        } catch (RecordException e) {
            throw new IOException(e.getMessage(), e);
        }
        Map<Long, Entry> entries = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonNode line = parse(lines.get(i));
            if (line == null) {
                continue; // a line cut by a kill
            }
            long seq = line.path("seq").asLong();
            String event = line.path("event").asText();
            if ("intent".equals(event)) {
                List<String> targets = new ArrayList<>();
                line.path("targets").forEach(t -> targets.add(t.asText()));
                JsonNode undo = line.get("undo");
                entries.put(seq, new Entry(seq, line.path("fault").asText(), line.path("action").asText(),
                        List.copyOf(targets), undo, event));
            } else {
                Entry entry = entries.get(seq);
                if (entry == null) {
                    throw new IOException(file + ":" + (i + 1) + ": event '" + event + "' for seq " + seq
                            + " without an intent line before it");
                }
                entries.put(seq, new Entry(seq, entry.fault(), entry.action(), entry.targets(), entry.undo(), event));
            }
        }
        return new Contents(header.path("namespace").asText(null), header.path("context").asText(null),
                List.copyOf(entries.values()));
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
