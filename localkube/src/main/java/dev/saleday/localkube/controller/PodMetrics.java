package dev.saleday.localkube.controller;

import java.time.Duration;
import java.util.OptionalDouble;

/** CPU (and memory) use of running pods, as metrics-server reports it: an average over a recent window. */
public interface PodMetrics {

    /**
     * @return the pod's average CPU use in millicores over the last {@code window}, summed over its containers;
     *         empty when the pod is not running here or has not been measured for long enough yet
     */
    OptionalDouble cpuMillicores(String namespace, String podName, Duration window);

    /** @return the resident memory of the pod's processes, in bytes; empty when unknown */
    default java.util.OptionalLong memoryBytes(String namespace, String podName) {
        return java.util.OptionalLong.empty();
    }
}
