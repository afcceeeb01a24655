package dev.saleday.simulations.host;

/**
 * A local pod's main process, as its pod status names it ({@code containerID: process://<pid>}).
 *
 * @param pod             the pod's name
 * @param pid             the container's main process
 * @param limitMillicores the pod's CPU limit summed over its containers, null when it has none
 */
public record PodProcess(String pod, long pid, Long limitMillicores) {
}
