package dev.saleday.localkube.controller;

import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * What every controller is given: a client of the API server (the only way to reach other controllers), the nodes
 * of this cluster, a working folder (pod logs, scratch), pod CPU measurements, and a way to record Events.
 *
 * @param client     a fabric8 client connected to localkube's API server
 * @param nodeNames  the node slots, e.g. {@code local-node-a}
 * @param workDir    a folder owned by this localkube instance; removed on stop
 * @param podMetrics measured CPU use per pod (served by the kubelet, read by the HPA)
 * @param events     records Kubernetes Events (Scheduled, Started, Killing, ...)
 * @param clock      the clock every controller uses
 */
public record ControllerContext(
        KubernetesClient client,
        List<String> nodeNames,
        Path workDir,
        PodMetrics podMetrics,
        EventRecorder events,
        Clock clock) {
}
