package dev.saleday.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Writes the rollback journal, {@code journal.jsonl} ({@link JournalFile}; see docs/CHAOS.md). Each line is written
 * and forced to disk before the call returns, so the {@code intent} line of an action (with its undo) is durable
 * before the action touches the cluster: a run killed at any moment leaves a journal from which chaos's recovery
 * can undo what it applied. The undo is the action's own JSON; the journal carries it as given.
 */
public final class Journal implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    private final FileChannel channel;
    private final LongSupplier clockMillis;

    private Journal(FileChannel channel, LongSupplier clockMillis) {
        this.channel = channel;
        this.clockMillis = clockMillis;
    }

    /** Creates a new journal in the run directory (refusing to overwrite one: it may hold undos not yet done). */
    public static Journal create(Path runDir, String namespace, String context, LongSupplier clockMillis)
            throws IOException {
        return create(runDir, namespace, context, clockMillis, ProcessHandle.current().pid());
    }

    /** As {@link #create(Path, String, String, LongSupplier)}, for a given process id (tests). */
    static Journal create(Path runDir, String namespace, String context, LongSupplier clockMillis, long pid)
            throws IOException {
        Files.createDirectories(runDir);
        Path file = runDir.resolve(JournalFile.FILE_NAME);
        if (Files.exists(file) && JournalReader.read(file).pending().size() > 0) {
            throw new IOException(file + " holds actions that were never undone: run `saleday recover "
                    + runDir + "` first");
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        Journal journal = new Journal(channel, clockMillis);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format", JournalFile.FORMAT.name());
        header.put("version", JournalFile.FORMAT.version());
        header.put("namespace", namespace);
        header.put("context", context);
        header.put("startedAtMs", clockMillis.getAsLong());
        header.put("pid", pid);
        journal.write(header);
        return journal;
    }

    /** Opens an existing journal to append to (for recovery). */
    public static Journal append(Path file, LongSupplier clockMillis) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        Journal journal = new Journal(channel, clockMillis);
        // A line cut by a kill must not swallow the next one.
        if (channel.size() > 0) {
            try (FileChannel read = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer last = ByteBuffer.allocate(1);
                read.read(last, read.size() - 1);
                if (last.get(0) != '\n') {
                    journal.writeRaw("\n");
                }
            }
        }
        return journal;
    }

    /**
     * Before the action: what it will touch and how to undo it.
     *
     * @param undo the undo as JSON, carrying what its reader needs to rebuild it (e.g. its type)
     */
    public void intent(long seq, String fault, String action, List<String> targets, JsonNode undo) {
        Map<String, Object> line = line(seq, "intent");
        line.put("fault", fault);
        line.put("action", action);
        line.put("targets", targets);
        line.put("undo", undo);
        write(line);
    }

    /** {@code event}: applied, failed, undone, undo-failed. */
    public void event(long seq, String event, String message) {
        Map<String, Object> line = line(seq, event);
        if (message != null) {
            line.put("message", message);
        }
        write(line);
    }

    private Map<String, Object> line(long seq, String event) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("t", clockMillis.getAsLong());
        line.put("seq", seq);
        line.put("event", event);
        return line;
    }

    private synchronized void write(Map<String, Object> line) {
        try {
            writeRaw(JSON.writeValueAsString(line) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a journal line as JSON: " + line, e);
        }
    }

    private synchronized void writeRaw(String text) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chaos journal", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
