package dev.saleday.localkube.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one pod: starts its containers as processes, probes them, restarts them with back-off, reports status, and
 * takes the pod down (preStop, SIGTERM, grace period, SIGKILL) when it is deleted. Every state change happens on the
 * pod's own serial executor; informer threads and timers only enqueue work. Its parts: {@link ContainerLauncher}
 * starts a container's process, {@link ContainerProbes} probes it, {@link ContainerStop} takes it down,
 * {@link PodStatusComposer} says what the status is; this class holds the pod's state and orders them.
 */
final class PodWorker {

    private static final Logger LOG = LoggerFactory.getLogger(PodWorker.class);

    private final NodeServices node;
    private final SerialExecutor serial;
    private final String namespace;
    private final String name;
    private final String uid;
    private final CpuAccount cpu;
    private final ContainerProbes probes;
    private final PodStatusComposer status = new PodStatusComposer();
    private volatile List<ContainerRuntime> containers = List.of();
    private volatile String podIp;
    private volatile boolean finished;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private Pod pod;
    private PodIpPool.Lease lease;
    private boolean started;
    private boolean terminating;
    private Instant startTime;
    private PodStatus lastWritten;
    private ScheduledFuture<?> statusRetry;

    PodWorker(NodeServices node, Pod pod) {
        this.node = node;
        this.serial = new SerialExecutor(node.pool());
        this.namespace = pod.getMetadata().getNamespace();
        this.name = pod.getMetadata().getName();
        this.uid = pod.getMetadata().getUid() == null ? "nouid" : pod.getMetadata().getUid();
        this.cpu = new CpuAccount(node.config().cpuRetention());
        this.probes = new ContainerProbes(node, serial, this);
        this.pod = pod;
    }

    // ---- entry points (any thread) ----

    void update(Pod latest) {
        serial.execute(() -> sync(latest));
    }

    /**
     * The pod object is gone from the API server (a force delete, or our own final delete). As the kubelet's
     * HandlePodRemoves: containers still running are stopped with the effective grace period of a pod whose
     * deletionGracePeriodSeconds is 0, that is 1 s, so preStop gets up to 1 s and SIGKILL comes 2 s after SIGTERM
     * ({@link GracePeriods}); a stop already under way goes on as it was.
     */
    void removed() {
        serial.execute(() -> {
            if (finished) {
                return;
            }
            if (!started) {
                forceStop();
            } else if (!terminating) {
                beginTermination(GracePeriods.podSeconds(0L, pod.getSpec().getTerminationGracePeriodSeconds()),
                        false);
            }
        });
    }

    /** Completes once every container is down and the worker has let the pod go. */
    CompletableFuture<Void> done() {
        return done;
    }

    /** Kills every container now, from the calling thread, then stops the worker. */
    void killNow() {
        finished = true;
        for (ContainerRuntime container : containers) {
            ContainerProcess process = container.process;
            if (process != null) {
                process.kill();
            }
        }
        serial.execute(this::forceStop);
    }

    String uid() {
        return uid;
    }

    boolean finished() {
        return finished;
    }

    /** @return whether the pod is being taken down, or is down: probes no longer count */
    boolean stopping() {
        return finished || terminating;
    }

    Optional<String> podIp() {
        return Optional.ofNullable(podIp);
    }

    OptionalLong processId(String containerName) {
        for (ContainerRuntime container : containers) {
            ContainerProcess process = container.process;
            if (container.name().equals(containerName) && process != null) {
                return OptionalLong.of(process.pid());
            }
        }
        return OptionalLong.empty();
    }

    /** The files of the container's current or previous run, oldest part first; empty when there is none. */
    List<Path> logFiles(String containerName, boolean previous) {
        for (ContainerRuntime container : containers) {
            if (container.name().equals(containerName)) {
                return node.logs().files(namespace, name, uid, containerName, container.restartCount,
                        previous ? 1 : 0);
            }
        }
        return List.of();
    }

    /** The environment of a container whose process is running, as it was started ({@code kubectl exec}). */
    Optional<Map<String, String>> environment(String containerName) {
        for (ContainerRuntime container : containers) {
            ContainerProcess process = container.process;
            if (container.name().equals(containerName) && process != null && process.isAlive()) {
                return Optional.of(container.env);
            }
        }
        return Optional.empty();
    }

    Optional<Path> logFile(String containerName) {
        for (ContainerRuntime container : containers) {
            if (containerName == null || container.name().equals(containerName)) {
                return Optional.ofNullable(container.logFile);
            }
        }
        return Optional.empty();
    }

    CpuAccount cpu() {
        return cpu;
    }

    /** Sampler thread: adds the CPU used since the last sample. */
    void sample(long nowNanos) {
        long addedNanos = 0;
        boolean anyRunning = false;
        for (ContainerRuntime container : containers) {
            ContainerProcess process = container.process;
            if (process == null) {
                continue;
            }
            anyRunning = true;
            long cpuNanos = process.cpuTime().toNanos();
            if (container.sampledProcess != process) {
                container.sampledProcess = process;
                container.sampledCpuNanos = 0;
            }
            addedNanos += cpuNanos - container.sampledCpuNanos;
            container.sampledCpuNanos = cpuNanos;
        }
        if (anyRunning && !finished) {
            cpu.add(nowNanos, addedNanos);
        }
    }

    // ---- lifecycle (serial executor) ----

    private void sync(Pod latest) {
        if (finished) {
            return;
        }
        pod = latest;
        if (!started && latest.getMetadata().getDeletionTimestamp() != null) {
            // Deleted before it ever ran here: nothing to stop, only the object to let go.
            started = true;
            terminating = true;
            finishTermination();
            return;
        }
        if (!started) {
            started = true;
            startPod();
        }
        if (latest.getMetadata().getDeletionTimestamp() != null && !terminating) {
            beginTermination(GracePeriods.podSeconds(latest.getMetadata().getDeletionGracePeriodSeconds(),
                    latest.getSpec().getTerminationGracePeriodSeconds()), true);
        } else if (StatusDrift.drifted(latest.getStatus(), lastWritten)) {
            // The API's copy is not what we last wrote (status_manager.go, needsReconcile): write our view again.
            lastWritten = null;
            writeStatus();
        }
    }

    private void startPod() {
        startTime = now();
        List<Integer> ports = new ArrayList<>();
        for (Container container : pod.getSpec().getContainers()) {
            if (container.getPorts() != null) {
                for (ContainerPort port : container.getPorts()) {
                    if (port.getProtocol() == null || "TCP".equals(port.getProtocol())) {
                        ports.add(port.getContainerPort());
                    }
                }
            }
        }
        lease = node.ips().acquire(ports);
        podIp = lease.ip();
        if (pod.getSpec().getInitContainers() != null && !pod.getSpec().getInitContainers().isEmpty()) {
            LOG.warn("pod {}/{}: init containers are not run by localkube", namespace, name);
        }
        List<ContainerRuntime> runtimes = new ArrayList<>();
        for (Container container : pod.getSpec().getContainers()) {
            ContainerRuntime runtime = new ContainerRuntime(container, node.config());
            runtime.state = ContainerLauncher.waiting("ContainerCreating", null);
            runtimes.add(runtime);
        }
        containers = List.copyOf(runtimes);
        for (ContainerRuntime container : containers) {
            startContainer(container);
        }
        writeStatus();
    }

    private void startContainer(ContainerRuntime container) {
        container.pendingStart = null;
        if (terminating || finished) {
            return;
        }
        Optional<Duration> retryAfter = ContainerLauncher.launch(node, pod, podIp, uid, container, this::event);
        if (retryAfter.isPresent()) {
            scheduleStart(container, retryAfter.get(), false);
            return;
        }
        ContainerProcess process = container.process;
        int generation = container.generation;
        process.exit().whenComplete((code, error) ->
                serial.execute(() -> onExit(container, generation, code == null ? 137 : code)));
        probes.started(container, generation);
    }

    private void scheduleStart(ContainerRuntime container, Duration delay, boolean isRestart) {
        container.pendingStart = node.timer().schedule(() -> serial.execute(() -> {
            if (terminating || finished) {
                return;
            }
            if (isRestart) {
                container.restartCount++;
            }
            startContainer(container);
            writeStatus();
        }), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onExit(ContainerRuntime container, int generation, int exitCode) {
        if (generation != container.generation || container.process == null) {
            return;
        }
        ContainerProcess process = container.process;
        container.process = null;
        releaseCgroup(container);
        container.probeTasks.forEach(task -> task.cancel(false));
        container.probeTasks.clear();
        container.ready = false;
        Instant finishedAt = now();
        ContainerState terminated = new ContainerStateBuilder().withNewTerminated()
                .withExitCode(exitCode)
                .withReason(exitCode == 0 ? "Completed" : "Error")
                .withStartedAt(PodStatusComposer.timestamp(process.startedAt()))
                .withFinishedAt(PodStatusComposer.timestamp(finishedAt))
                .withContainerID(container.containerId)
                .endTerminated().build();
        if (terminating || finished) {
            container.state = terminated;
            container.done = true;
            return;
        }
        String policy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
        boolean restart = switch (policy) {
            case "Never" -> false;
            case "OnFailure" -> exitCode != 0;
            default -> true;
        };
        if (!restart) {
            container.state = terminated;
            container.done = true;
            writeStatus();
            return;
        }
        container.lastState = terminated;
        Duration delay = container.restartBackOff.next(Duration.between(process.startedAt(), finishedAt));
        if (delay.isZero()) {
            container.restartCount++;
            startContainer(container);
        } else {
            container.state = ContainerLauncher.waiting("CrashLoopBackOff", "back-off " + delay.toSeconds()
                    + "s restarting failed container=" + container.name() + " pod=" + podRef());
            event("Warning", "BackOff", "Back-off restarting failed container " + container.name() + " in pod "
                    + podRef());
            scheduleStart(container, delay, true);
        }
        writeStatus();
    }

    // ---- termination ----

    /** Serial executor: a liveness or startup probe failed; the container is stopped and restarts on its exit. */
    void restartAfterFailedProbe(ContainerRuntime container, Probe probe, String probeName) {
        container.probeTasks.forEach(task -> task.cancel(false));
        container.probeTasks.clear();
        container.ready = false;
        // setTerminationGracePeriod in kuberuntime_container.go: the probe's own grace period, else the pod's
        long graceSeconds = probe.getTerminationGracePeriodSeconds() != null
                ? probe.getTerminationGracePeriodSeconds() : podGraceSeconds();
        ContainerStop.stop(node, container, podIp, graceSeconds,
                "Container " + container.name() + " failed " + probeName + " probe, will be restarted", this::event);
        writeStatus();
    }

    /**
     * @param graceSeconds the pod's effective grace period ({@link GracePeriods#podSeconds})
     * @param inApi        the pod object is still in the API server (it gets its status, then the final delete)
     */
    private void beginTermination(long graceSeconds, boolean inApi) {
        terminating = true;
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (ContainerRuntime container : containers) {
            container.cancelTimers();
            container.ready = false;
            if (container.process != null) {
                stops.add(ContainerStop.stop(node, container, podIp, graceSeconds, "Stopping container "
                        + container.name(), this::event));
            }
        }
        if (inApi) {
            writeStatus();
        }
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
                .whenComplete((ignored, error) -> serial.execute(inApi ? this::finishTermination : this::forceStop));
    }


    private void finishTermination() {
        if (finished) {
            return;
        }
        finished = true;
        containers.forEach(ContainerRuntime::cancelTimers);
        releaseAddress();
        try {
            node.client().pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warn("pod {}/{}: final delete failed: {}", namespace, name, e.getMessage());
            }
        } finally {
            done.complete(null);
        }
    }

    private void forceStop() {
        terminating = true;
        for (ContainerRuntime container : containers) {
            container.cancelTimers();
            ContainerProcess process = container.process;
            if (process != null) {
                process.kill();
            }
        }
        finished = true;
        releaseAddress();
        if (statusRetry != null) {
            statusRetry.cancel(false);
        }
        done.complete(null);
    }

    private void releaseCgroup(ContainerRuntime container) {
        if (container.cgroup != null) {
            node.cgroups().ifPresent(cgroups -> cgroups.release(container.cgroup));
            container.cgroup = null;
        }
    }

    private void releaseAddress() {
        if (lease != null) {
            lease.close();
        }
    }

    // ---- status ----

    /** Writes the pod's status when it changed; retried each second while the API server refuses it. */
    void writeStatus() {
        if (finished) {
            return;
        }
        PodStatus composed = status.compose(pod, containers, terminating, podIp, startTime, now());
        if (composed.equals(lastWritten)) {
            return;
        }
        try {
            Pod patch = new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                    .withStatus(composed).build();
            node.client().pods().inNamespace(namespace).withName(name).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            lastWritten = composed;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return;
            }
            LOG.warn("pod {}/{}: status write failed, retrying: {}", namespace, name, e.getMessage());
            if (statusRetry == null || statusRetry.isDone()) {
                statusRetry = node.timer().schedule(() -> serial.execute(this::writeStatus), 1, TimeUnit.SECONDS);
            }
        }
    }

    // ---- helpers ----

    private long podGraceSeconds() {
        Long seconds = pod.getSpec().getTerminationGracePeriodSeconds();
        return seconds == null ? GracePeriods.DEFAULT_SECONDS : seconds;
    }

    void event(String type, String reason, String message) {
        try {
            node.events().record(pod, type, reason, message);
        } catch (RuntimeException e) {
            LOG.debug("event {} for {}/{} dropped", reason, namespace, name, e);
        }
    }

    private String podRef() {
        return name + "_" + namespace + "(" + uid + ")";
    }

    private Instant now() {
        return node.clock().instant();
    }
}
