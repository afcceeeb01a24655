package dev.saleday.localkube.api;

import java.util.Map;
import java.util.Optional;

/** Where {@code pods/NAME/exec} runs a command: the environment of the container's running process, from the kubelet. */
@FunctionalInterface
public interface PodExec {

    PodExec NONE = (namespace, pod, container) -> Optional.empty();

    /**
     * @param container the container's name
     * @return the environment the kubelet started the container's process with; empty when it is not running here
     */
    Optional<Map<String, String>> environment(String namespace, String pod, String container);
}
