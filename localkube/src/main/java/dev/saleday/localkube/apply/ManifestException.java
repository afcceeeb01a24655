package dev.saleday.localkube.apply;

import java.nio.file.Path;

/** A manifest that cannot be read or rendered: names the file, and the line:column when there is one. */
public final class ManifestException extends RuntimeException {

    public ManifestException(Path file, int line, int column, String message) {
        super(file + (line > 0 ? ":" + line + ":" + column : "") + ": " + message);
    }

    public ManifestException(Path file, String message) {
        this(file, 0, 0, message);
    }
}
