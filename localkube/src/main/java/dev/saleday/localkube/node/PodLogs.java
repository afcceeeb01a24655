package dev.saleday.localkube.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Container logs laid out as the kubelet lays them out: {@code <root>/<namespace>_<pod>_<uid>/<container>/<restart>.log},
 * one file per run (the current and the previous one are kept). A file over the cap is rotated copy-and-truncate
 * style: its content moves to {@code <restart>.log.1} and the live file, opened in append mode by the process,
 * starts again at zero.
 */
final class PodLogs {

    private final Path root;
    private final long capBytes;

    PodLogs(Path root, long capBytes) {
        if (capBytes < 1024) {
            throw new IllegalArgumentException("log cap must be >= 1024 bytes, got " + capBytes);
        }
        this.root = root;
        this.capBytes = capBytes;
    }

    Path containerDir(String namespace, String pod, String uid, String container) {
        return root.resolve(namespace + "_" + pod + "_" + uid).resolve(container);
    }

    /** Creates the folder and the file for run number {@code restartCount}, removing runs older than the previous. */
    Path newRun(String namespace, String pod, String uid, String container, int restartCount) {
        Path dir = containerDir(namespace, pod, uid, container);
        try {
            Files.createDirectories(dir);
            for (int old = restartCount - 2; old >= 0; old--) {
                if (!Files.deleteIfExists(dir.resolve(old + ".log"))) {
                    break;
                }
                Files.deleteIfExists(dir.resolve(old + ".log.1"));
            }
            Path file = dir.resolve(restartCount + ".log");
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create log file in " + dir, e);
        }
    }

    /** Rotates {@code file} if it has grown past the cap. */
    void capSize(Path file) {
        try {
            if (Files.size(file) <= capBytes) {
                return;
            }
            Path rotated = file.resolveSibling(file.getFileName() + ".1");
            Files.copy(file, rotated, StandardCopyOption.REPLACE_EXISTING);
            try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
        } catch (IOException ignored) {
            // the file went away with its pod
        }
    }

    /**
     * @param runsBack 0 = the current run, 1 = the previous one ({@code kubectl logs --previous})
     * @return the log text (at most about two caps: the rotated part and the live part), or empty if there is none
     */
    Optional<String> read(String namespace, String pod, String uid, String container, int restartCount,
                          int runsBack) {
        int run = restartCount - runsBack;
        if (run < 0) {
            return Optional.empty();
        }
        Path file = containerDir(namespace, pod, uid, container).resolve(run + ".log");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Path rotated = file.resolveSibling(file.getFileName() + ".1");
            String older = Files.exists(rotated) ? Files.readString(rotated) : "";
            return Optional.of(older + Files.readString(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
