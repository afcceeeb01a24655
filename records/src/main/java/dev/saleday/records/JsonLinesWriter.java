package dev.saleday.records;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Appends one JSON object per line to a record file (docs/RECORDS.md): the header first, then records. Thread-safe;
 * buffered, so owners call {@link #flush()} at least once a second to keep a crash's loss under a second.
 */
public final class JsonLinesWriter implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final Path file;
    private final BufferedWriter out;
    private boolean closed;

    private JsonLinesWriter(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /** Creates (or truncates) {@code file}, writes {@code header} as its first line and flushes it. */
    public static JsonLinesWriter create(Path file, Object header) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            JsonLinesWriter writer = new JsonLinesWriter(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8));
            writer.write(header);
            writer.flush();
            return writer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public synchronized void write(Object record) {
        if (closed) {
            return;
        }
        try {
            out.write(JSON.writeValueAsString(record));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public synchronized void flush() {
        if (closed) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }
}
