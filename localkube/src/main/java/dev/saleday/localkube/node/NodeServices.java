package dev.saleday.localkube.node;

import dev.saleday.localkube.controller.EventRecorder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/** What every pod worker of one kubelet shares. */
record NodeServices(
        KubernetesClient client,
        EventRecorder events,
        KubeletConfig config,
        PodIpPool ips,
        PodLogs logs,
        EnvResolver env,
        Prober prober,
        Optional<CgroupCpuLimits> cgroups,
        ScheduledExecutorService timer,
        ExecutorService pool,
        Clock clock) {
}
