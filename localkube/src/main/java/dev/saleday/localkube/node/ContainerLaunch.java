package dev.saleday.localkube.node;

import java.util.List;
import java.util.Map;

/**
 * How an image runs on this machine: the command line of the container's main process and the environment the image
 * itself defines (the container's own env is added on top by the kubelet, as Kubernetes adds it over the image's ENV).
 *
 * @param command argv, first element the executable
 * @param env     environment the image provides, e.g. {@code MODEL_VERSION}
 */
public record ContainerLaunch(List<String> command, Map<String, String> env) {
    public ContainerLaunch {
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("command must name an executable");
        }
        command = List.copyOf(command);
        env = Map.copyOf(env);
    }
}
