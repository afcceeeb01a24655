package dev.saleday.cli.run;

import dev.saleday.simulations.host.PodProcess;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The processes of the target namespace's running pods on this host, as their status names them: the embedded
 * cluster's kubelet writes {@code containerID: process://<pid>}. A container of another runtime (a real cluster's
 * {@code containerd://...}) is not a process here and is left out.
 */
final class LocalPods implements Supplier<List<PodProcess>> {

    static final String PROCESS_SCHEME = "process://";

    private final KubernetesClient client;
    private final String namespace;

    LocalPods(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    @Override
    public List<PodProcess> get() {
        List<PodProcess> processes = new ArrayList<>();
        for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
            processes.addAll(of(pod));
        }
        return processes;
    }

    /** @return the pod's running containers that are processes on this host, each with the pod's CPU limit */
    static List<PodProcess> of(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return List.of();
        }
        Long limit = cpuLimitMillicores(pod);
        List<PodProcess> processes = new ArrayList<>();
        for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
            String id = status.getContainerID();
            if (id == null || !id.startsWith(PROCESS_SCHEME) || status.getState() == null
                    || status.getState().getRunning() == null) {
                continue;
            }
            try {
                processes.add(new PodProcess(pod.getMetadata().getName(),
                        Long.parseLong(id.substring(PROCESS_SCHEME.length())), limit));
            } catch (NumberFormatException e) {
                // not a pid: not ours to read
            }
        }
        return processes;
    }

    private static Long cpuLimitMillicores(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
            return null;
        }
        long total = 0;
        for (Container container : pod.getSpec().getContainers()) {
            Quantity cpu = container.getResources() == null || container.getResources().getLimits() == null
                    ? null : container.getResources().getLimits().get("cpu");
            if (cpu == null) {
                return null; // a container without a limit: the pod has none
            }
            total += cpu.getNumericalAmount().multiply(java.math.BigDecimal.valueOf(1000)).longValue();
        }
        return total;
    }
}
