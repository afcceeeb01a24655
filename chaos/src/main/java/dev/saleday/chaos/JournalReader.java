package dev.saleday.chaos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads journal.jsonl back into its actions and their last state. */
public final class JournalReader {

    /**
     * One journaled action.
     *
     * @param lastEvent intent, applied, failed, undone or undo-failed
     */
    public record Entry(long seq, String fault, String action, List<String> targets, Undo undo, String lastEvent) {
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

    private JournalReader() {
    }

    /**
     * @throws IOException when the file cannot be read, is not a journal, or is of a version this reader does not
     *                     know; a truncated last line (a run killed mid-write) is read as the end of the file
     */
    public static Contents read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(file + ": empty, expected a " + Journal.FORMAT + " header line");
        }
        JsonNode header = parse(file, 1, lines.get(0));
        if (header == null || !Journal.FORMAT.equals(header.path("format").asText())) {
            throw new IOException(file + ":1: expected a header with format " + Journal.FORMAT);
        }
        if (header.path("version").asInt() != Journal.VERSION) {
            throw new IOException(file + ":1: journal version " + header.path("version")
                    + " is not supported (this saleday reads version " + Journal.VERSION + ")");
        }
        Map<Long, Entry> entries = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonNode line = parse(file, i + 1, lines.get(i));
            if (line == null) {
                continue; // a line cut by a kill
            }
            long seq = line.path("seq").asLong();
            String event = line.path("event").asText();
            if ("intent".equals(event)) {
                List<String> targets = new ArrayList<>();
                line.path("targets").forEach(t -> targets.add(t.asText()));
                Undo undo = ChaosJson.MAPPER.treeToValue(line.get("undo"), Undo.class);
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

    private static JsonNode parse(Path file, int lineNumber, String text) throws IOException {
        try {
            return ChaosJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
