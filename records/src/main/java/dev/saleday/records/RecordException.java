package dev.saleday.records;

import java.nio.file.Path;

/**
 * A record file that cannot be read: wrong format or version, or broken before its end. Its message names the file,
 * the place (line, or byte offset for simulation.log) and what was expected. The CLI exits 2 on it.
 */
public final class RecordException extends RuntimeException {

    private final transient Path file;

    public RecordException(Path file, String where, String problem) {
        super(file + (where == null ? "" : ":" + where) + ": " + problem);
        this.file = file;
    }

    public RecordException(Path file, String where, String problem, Throwable cause) {
        super(file + (where == null ? "" : ":" + where) + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
