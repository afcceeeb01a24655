package dev.saleday.localkube.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Container logs laid out as the kubelet lays them out: {@code <root>/<namespace>_<pod>_<uid>/<container>/<restart>.log},
 * one file per run in the CRI format (the current and the previous run are kept), each rotated past the cap into
 * {@code <restart>.log.1} ({@link ContainerLogFile}).
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

    /** Opens the file for run number {@code restartCount}, removing runs older than the previous. */
    ContainerLogFile newRun(String namespace, String pod, String uid, String container, int restartCount) {
        Path dir = containerDir(namespace, pod, uid, container);
        try {
            Files.createDirectories(dir);
            for (int old = restartCount - 2; old >= 0; old--) {
                if (!Files.deleteIfExists(dir.resolve(old + ".log"))) {
                    break;
                }
                Files.deleteIfExists(dir.resolve(old + ".log.1"));
            }
            return new ContainerLogFile(dir.resolve(restartCount + ".log"), capBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create log file in " + dir, e);
        }
    }

    /**
     * @param runsBack 0 = the current run, 1 = the previous one ({@code kubectl logs --previous})
     * @return the run's files, the rotated part first; empty if the run has no log
     */
    List<Path> files(String namespace, String pod, String uid, String container, int restartCount, int runsBack) {
        int run = restartCount - runsBack;
        if (run < 0) {
            return List.of();
        }
        Path file = containerDir(namespace, pod, uid, container).resolve(run + ".log");
        if (!Files.exists(file)) {
            return List.of();
        }
        Path rotated = file.resolveSibling(file.getFileName() + ".1");
        return Files.exists(rotated) ? List.of(rotated, file) : List.of(file);
    }
}
