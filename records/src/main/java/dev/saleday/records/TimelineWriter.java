package dev.saleday.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Appends {@code timeline.jsonl} ({@link TimelineFile}; schema in docs/TIMELINE.md).
 * Thread-safe: callers (informer threads, the chaos thread, the CLI) only serialise one line and put it on an
 * unbounded queue, so they never wait on the disk; one writer thread drains the queue and flushes whenever the
 * queue is empty and at least every {@value #FLUSH_EVERY_MILLIS} ms.
 */
public final class TimelineWriter implements AutoCloseable {

    static final long FLUSH_EVERY_MILLIS = 500;

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    private static final String END = "\u0000end";

    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final BufferedWriter out;
    private final Thread writer;
    private final LongSupplier clockMillis;
    private volatile boolean closed;
    private volatile IOException failure;

    private TimelineWriter(BufferedWriter out, LongSupplier clockMillis) {
        this.out = out;
        this.clockMillis = clockMillis;
        this.writer = new Thread(this::drain, "saleday-timeline-writer");
        this.writer.setDaemon(true);
    }

    /**
     * Creates (or truncates) {@code timeline.jsonl} in the run directory and writes its header.
     */
    public static TimelineWriter open(Path runDir, String namespace, LongSupplier clockMillis) throws IOException {
        Files.createDirectories(runDir);
        BufferedWriter out = Files.newBufferedWriter(runDir.resolve(TimelineFile.FILE_NAME), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        TimelineWriter timeline = new TimelineWriter(out, clockMillis);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format", TimelineFile.FORMAT.name());
        header.put("version", TimelineFile.FORMAT.version());
        header.put("namespace", namespace);
        header.put("startedAtMs", clockMillis.getAsLong());
        timeline.queue.add(json(header));
        timeline.writer.start();
        return timeline;
    }

    public static TimelineWriter open(Path runDir, String namespace) throws IOException {
        return open(runDir, namespace, System::currentTimeMillis);
    }

    /** A phase marker: {@code event} is {@code start} or {@code end}. Time is now. */
    public void phase(String phaseName, String event) {
        Map<String, Object> line = line("phase");
        line.put("name", phaseName);
        line.put("event", event);
        append(line);
    }

    /** A phase marker at a given epoch-millisecond time (when the orchestrator knows it better than now). */
    public void phase(String phaseName, String event, long atMillis) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("t", atMillis);
        line.put("kind", "phase");
        line.put("name", phaseName);
        line.put("event", event);
        append(line);
    }

    /** A chaos action line (see RECORDS.md for the events; {@link TimelineEvent#chaos()} reads it back). */
    public void chaos(String fault, String action, String event, List<String> targets, String message) {
        Map<String, Object> line = line("chaos");
        line.put("fault", fault);
        line.put("action", action);
        line.put("event", event);
        line.put("targets", targets == null ? List.of() : targets);
        if (message != null) {
            line.put("message", message);
        }
        append(line);
    }

    /** @return a new line with {@code t} (now) and {@code kind} set, to fill and {@link #append} */
    public Map<String, Object> line(String kind) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("t", clockMillis.getAsLong());
        line.put("kind", kind);
        return line;
    }

    /** Queues one line; never blocks. Lines after {@link #close()} are dropped. */
    public void append(Map<String, Object> line) {
        if (!closed) {
            queue.add(json(line));
        }
    }

    private void drain() {
        List<String> batch = new ArrayList<>();
        long lastFlush = System.nanoTime();
        try {
            while (true) {
                String first = queue.poll(FLUSH_EVERY_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch);
                }
                boolean end = false;
                for (String line : batch) {
                    if (line == END) {
                        end = true;
                        break;
                    }
                    out.write(line);
                    out.write('\n');
                }
                batch.clear();
                if (end || queue.isEmpty()
                        || System.nanoTime() - lastFlush >= TimeUnit.MILLISECONDS.toNanos(FLUSH_EVERY_MILLIS)) {
                    out.flush();
                    lastFlush = System.nanoTime();
                }
                if (end) {
                    return;
                }
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes every queued line, flushes and closes the file. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(END);
        try {
            writer.join(10_000);
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw new UncheckedIOException("writing " + TimelineFile.FILE_NAME + " failed", failure);
        }
    }

    private static String json(Map<String, Object> line) {
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a timeline line as JSON: " + line, e);
        }
    }
}
