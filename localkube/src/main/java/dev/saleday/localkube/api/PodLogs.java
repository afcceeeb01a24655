package dev.saleday.localkube.api;

import java.nio.file.Path;
import java.util.Optional;

/** Where a pod container's log file is, if anywhere, and its previous run: served at {@code pods/NAME/log}. */
@FunctionalInterface
public interface PodLogs {

    PodLogs NONE = (namespace, pod, container) -> Optional.empty();

    /** @param container null for the pod's only (or first) container */
    Optional<Path> logFile(String namespace, String pod, String container);

    /** The log of the container's previous run ({@code kubectl logs --previous}), if it restarted. */
    default Optional<String> previous(String namespace, String pod, String container) {
        return Optional.empty();
    }
}
