package dev.saleday.localkube.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Starts one container as a process, as the kubelet starts a container: the image from the catalog, the
 * environment resolved (HOSTNAME, PORT, the pod's own address as HOST), the log file of this run, the cgroup of its
 * CPU limit. When it cannot, the container waits with the reason Kubernetes gives (ErrImagePull then
 * ImagePullBackOff, CreateContainerConfigError, RunContainerError) and the caller retries later.
 */
final class ContainerLauncher {

    private static final long NODE_CPU_MILLICORES = Runtime.getRuntime().availableProcessors() * 1000L;
    private static final long NODE_MEMORY_BYTES = nodeMemoryBytes();

    private ContainerLauncher() {
    }

    /**
     * Starts the container's process and marks the container running (its generation moved on).
     *
     * @return empty when the process runs; else how long to wait before trying again (the container waits)
     */
    static Optional<Duration> launch(NodeServices node, Pod pod, String podIp, String uid, ContainerRuntime container,
                                     ContainerStop.Events events) {
        Container spec = container.spec;
        String image = spec.getImage();
        Optional<ContainerLaunch> launch = node.config().images().resolve(image, ContainerResources.limitsOf(spec));
        if (launch.isEmpty()) {
            String reason = container.pullFailures == 0 ? "ErrImagePull" : "ImagePullBackOff";
            container.pullFailures++;
            String message = "image \"" + image + "\" is not in localkube's image catalog";
            container.state = waiting(reason, message);
            events.event("Warning", "Failed", "Failed to pull image \"" + image + "\": " + message);
            events.event("Warning", "Failed", "Error: " + reason);
            Duration delay = container.pullBackOff.next(Duration.ZERO);
            return Optional.of(delay.isZero() ? node.config().backOffBase() : delay);
        }
        Map<String, String> env;
        try {
            env = node.env().resolve(pod, spec, podIp, NODE_CPU_MILLICORES, NODE_MEMORY_BYTES);
        } catch (ContainerConfigException | KubernetesClientException e) {
            container.state = waiting("CreateContainerConfigError", e.getMessage());
            events.event("Warning", "Failed", "Error: " + e.getMessage());
            return Optional.of(node.config().backOffBase());
        }
        events.event("Normal", "Pulled", "Container image \"" + image + "\" already present on machine");
        Map<String, String> processEnv = new LinkedHashMap<>(launch.get().env());
        processEnv.put("HOSTNAME", pod.getMetadata().getName());
        firstPort(spec).ifPresent(port -> processEnv.put("PORT", Integer.toString(port)));
        processEnv.putAll(env);
        // Our stand-in for the pod's network namespace: the process binds the pod's own address.
        processEnv.put("HOST", podIp);
        ContainerProcess process;
        try {
            ContainerLogFile log = node.logs().newRun(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    uid, spec.getName(), container.restartCount);
            container.logFile = log.path();
            process = ContainerProcess.start(commandLine(launch.get().command(), spec), processEnv, log,
                    log.path().resolveSibling(container.restartCount + ".pid"));
        } catch (IOException | UncheckedIOException e) {
            container.state = waiting("RunContainerError", e.getMessage());
            events.event("Warning", "Failed", "Error: " + e.getMessage());
            return Optional.of(node.config().backOffBase());
        }
        container.env = Map.copyOf(processEnv);
        ContainerResources limits = ContainerResources.limitsOf(spec);
        if (node.cgroups().isPresent() && limits.cpuLimitMillicores().isPresent()) {
            container.cgroup = node.cgroups().get().limit(uid + "_" + spec.getName(), process.pid(),
                    limits.cpuLimitMillicores().getAsLong()).orElse(null);
        }
        container.generation++;
        container.process = process;
        container.containerId = "process://" + process.pid();
        container.state = new ContainerStateBuilder().withNewRunning()
                .withStartedAt(PodStatusComposer.timestamp(process.startedAt())).endRunning().build();
        container.ready = spec.getReadinessProbe() == null;
        container.started = spec.getStartupProbe() == null;
        events.event("Normal", "Created", "Created container " + spec.getName());
        events.event("Normal", "Started", "Started container " + spec.getName());
        return Optional.empty();
    }

    static ContainerState waiting(String reason, String message) {
        return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting()
                .build();
    }

    private static Optional<Integer> firstPort(Container spec) {
        if (spec.getPorts() == null || spec.getPorts().isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(spec.getPorts().get(0).getContainerPort());
    }

    private static long nodeMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    /**
     * The process's command line, as Kubernetes combines an image with a container: the image's entrypoint (what the
     * catalog resolved), then the container's {@code args}, which replace the image's (empty) CMD. A container
     * {@code command} is not honoured: the catalog's command is the only way to run an image here.
     */
    static java.util.List<String> commandLine(java.util.List<String> entrypoint, Container spec) {
        if (spec.getArgs() == null || spec.getArgs().isEmpty()) {
            return entrypoint;
        }
        java.util.List<String> line = new java.util.ArrayList<>(entrypoint);
        line.addAll(spec.getArgs());
        return line;
    }
}
