package dev.saleday.localkube.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a pod container's log files are (CRI format, {@link dev.saleday.localkube.logs.CriLog}), if anywhere: served
 * at {@code pods/NAME/log}.
 */
@FunctionalInterface
public interface PodLogs {

    PodLogs NONE = (namespace, pod, container) -> Optional.empty();

    /** The current run's live file. @param container null for the pod's only (or first) container */
    Optional<Path> logFile(String namespace, String pod, String container);

    /**
     * The files of the container's previous run ({@code kubectl logs --previous}), the rotated part first; empty if
     * it did not restart.
     */
    default List<Path> previousRun(String namespace, String pod, String container) {
        return List.of();
    }
}
