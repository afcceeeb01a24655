package dev.saleday.localkube.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one pod: starts its containers as processes, probes them, restarts them with back-off, reports status, and
 * takes the pod down (preStop, SIGTERM, grace period, SIGKILL) when it is deleted. Every state change happens on the
 * pod's own serial executor; informer threads and timers only enqueue work.
 */
final class PodWorker {

    private static final Logger LOG = LoggerFactory.getLogger(PodWorker.class);
    private static final long DEFAULT_GRACE_SECONDS = 30;
    private static final Pattern SLEEP_COMMAND = Pattern.compile("(?:\\S*/)?sleep\\s+(\\d+(?:\\.\\d+)?)s?");
    private static final long NODE_CPU_MILLICORES = Runtime.getRuntime().availableProcessors() * 1000L;
    private static final long NODE_MEMORY_BYTES = nodeMemoryBytes();

    private enum ProbeKind {
        STARTUP("Startup"), LIVENESS("Liveness"), READINESS("Readiness");

        final String label;

        ProbeKind(String label) {
            this.label = label;
        }
    }

    private final NodeServices node;
    private final SerialExecutor serial;
    private final String namespace;
    private final String name;
    private final String uid;
    private final CpuAccount cpu;
    private final Map<String, PodCondition> conditions = new HashMap<>();
    private volatile List<ContainerRuntime> containers = List.of();
    private volatile String podIp;
    private volatile boolean finished;
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
        this.pod = pod;
    }

    // ---- entry points (any thread) ----

    void update(Pod latest) {
        serial.execute(() -> sync(latest));
    }

    /** The pod object is gone from the API server (force delete, or our own final delete). */
    void removed() {
        serial.execute(this::forceStop);
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

    Optional<String> readLog(String containerName, boolean previous) {
        for (ContainerRuntime container : containers) {
            if (container.name().equals(containerName)) {
                return node.logs().read(namespace, name, uid, containerName, container.restartCount,
                        previous ? 1 : 0);
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

    /** Sampler thread: adds the CPU used since the last sample and keeps log files under their cap. */
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
            Path log = container.logFile;
            if (log != null) {
                node.logs().capSize(log);
            }
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
            beginTermination();
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
            runtime.state = waiting("ContainerCreating", null);
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
        Container spec = container.spec;
        String image = spec.getImage();
        Optional<ContainerLaunch> launch = node.config().images().resolve(image, ContainerResources.limitsOf(spec));
        if (launch.isEmpty()) {
            String reason = container.pullFailures == 0 ? "ErrImagePull" : "ImagePullBackOff";
            container.pullFailures++;
            String message = "image \"" + image + "\" is not in localkube's image catalog";
            container.state = waiting(reason, message);
            event("Warning", "Failed", "Failed to pull image \"" + image + "\": " + message);
            event("Warning", "Failed", "Error: " + reason);
            Duration delay = container.pullBackOff.next(Duration.ZERO);
            scheduleStart(container, delay.isZero() ? node.config().backOffBase() : delay, false);
            return;
        }
        Map<String, String> env;
        try {
            env = node.env().resolve(pod, spec, podIp, NODE_CPU_MILLICORES, NODE_MEMORY_BYTES);
        } catch (ContainerConfigException | KubernetesClientException e) {
            container.state = waiting("CreateContainerConfigError", e.getMessage());
            event("Warning", "Failed", "Error: " + e.getMessage());
            scheduleStart(container, node.config().backOffBase(), false);
            return;
        }
        event("Normal", "Pulled", "Container image \"" + image + "\" already present on machine");
        Map<String, String> processEnv = new LinkedHashMap<>(launch.get().env());
        processEnv.put("HOSTNAME", name);
        firstPort(spec).ifPresent(port -> processEnv.put("PORT", Integer.toString(port)));
        processEnv.putAll(env);
        // Our stand-in for the pod's network namespace: the process binds the pod's own address.
        processEnv.put("HOST", podIp);
        ContainerProcess process;
        try {
            Path log = node.logs().newRun(namespace, name, uid, spec.getName(), container.restartCount);
            container.logFile = log;
            process = ContainerProcess.start(launch.get().command(), processEnv, log,
                    log.resolveSibling(container.restartCount + ".pid"));
        } catch (IOException | UncheckedIOException e) {
            container.state = waiting("RunContainerError", e.getMessage());
            event("Warning", "Failed", "Error: " + e.getMessage());
            scheduleStart(container, node.config().backOffBase(), false);
            return;
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
                .withStartedAt(format(process.startedAt())).endRunning().build();
        container.ready = spec.getReadinessProbe() == null;
        container.started = spec.getStartupProbe() == null;
        event("Normal", "Created", "Created container " + spec.getName());
        event("Normal", "Started", "Started container " + spec.getName());
        int generation = container.generation;
        process.exit().whenComplete((code, error) ->
                serial.execute(() -> onExit(container, generation, code == null ? 137 : code)));
        if (spec.getStartupProbe() != null) {
            container.startupTracker = tracker(spec.getStartupProbe());
            scheduleProbe(container, generation, ProbeKind.STARTUP, delayFromStart(container, spec.getStartupProbe()));
        } else {
            startMainProbes(container, generation);
        }
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
                .withStartedAt(format(process.startedAt()))
                .withFinishedAt(format(finishedAt))
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
            container.state = waiting("CrashLoopBackOff", "back-off " + delay.toSeconds()
                    + "s restarting failed container=" + container.name() + " pod=" + podRef());
            event("Warning", "BackOff", "Back-off restarting failed container " + container.name() + " in pod "
                    + podRef());
            scheduleStart(container, delay, true);
        }
        writeStatus();
    }

    // ---- probes ----

    private void startMainProbes(ContainerRuntime container, int generation) {
        Container spec = container.spec;
        if (spec.getLivenessProbe() != null) {
            container.livenessTracker = tracker(spec.getLivenessProbe());
            scheduleProbe(container, generation, ProbeKind.LIVENESS, delayFromStart(container, spec.getLivenessProbe()));
        }
        if (spec.getReadinessProbe() != null) {
            container.readinessTracker = tracker(spec.getReadinessProbe());
            scheduleProbe(container, generation, ProbeKind.READINESS,
                    delayFromStart(container, spec.getReadinessProbe()));
        }
    }

    private void scheduleProbe(ContainerRuntime container, int generation, ProbeKind kind, Duration delay) {
        container.probeTasks.removeIf(task -> task.isDone());
        container.probeTasks.add(node.timer().schedule(
                () -> node.pool().execute(() -> runProbe(container, generation, kind)),
                Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS));
    }

    /** Pool thread: runs the probe's action, then hands the result to the pod's queue. */
    private void runProbe(ContainerRuntime container, int generation, ProbeKind kind) {
        if (generation != container.generation || finished) {
            return;
        }
        long startedNanos = System.nanoTime();
        Probe probe = probeOf(container.spec, kind);
        ProbeResult result = node.prober().run(action(probe), podIp, container.spec, container.env,
                Duration.ofSeconds(orDefault(probe.getTimeoutSeconds(), 1)));
        serial.execute(() -> onProbeResult(container, generation, kind, result, startedNanos));
    }

    private void onProbeResult(ContainerRuntime container, int generation, ProbeKind kind, ProbeResult result,
                               long startedNanos) {
        if (finished || terminating || generation != container.generation || container.process == null) {
            return;
        }
        Probe probe = probeOf(container.spec, kind);
        if (!result.success()) {
            event("Warning", "Unhealthy", kind.label + " probe failed: " + result.message());
        }
        ProbeTracker tracker = switch (kind) {
            case STARTUP -> container.startupTracker;
            case LIVENESS -> container.livenessTracker;
            case READINESS -> container.readinessTracker;
        };
        ProbeTracker.Verdict verdict = tracker.record(result.success());
        switch (kind) {
            case READINESS -> {
                if (verdict != ProbeTracker.Verdict.UNCHANGED) {
                    container.ready = verdict == ProbeTracker.Verdict.SUCCEEDED;
                }
            }
            case LIVENESS -> {
                if (verdict == ProbeTracker.Verdict.FAILED) {
                    restartFailedContainer(container, probe, "liveness");
                    return;
                }
            }
            case STARTUP -> {
                if (verdict == ProbeTracker.Verdict.FAILED) {
                    restartFailedContainer(container, probe, "startup");
                    return;
                }
                if (verdict == ProbeTracker.Verdict.SUCCEEDED) {
                    container.started = true;
                    startMainProbes(container, generation);
                    writeStatus();
                    return;
                }
            }
        }
        writeStatus();
        long periodNanos = TimeUnit.SECONDS.toNanos(orDefault(probe.getPeriodSeconds(), 10));
        long elapsedNanos = System.nanoTime() - startedNanos;
        scheduleProbe(container, generation, kind, Duration.ofNanos(Math.max(0, periodNanos - elapsedNanos)));
    }

    private void restartFailedContainer(ContainerRuntime container, Probe probe, String probeName) {
        container.probeTasks.forEach(task -> task.cancel(false));
        container.probeTasks.clear();
        container.ready = false;
        long graceSeconds = probe.getTerminationGracePeriodSeconds() != null
                ? probe.getTerminationGracePeriodSeconds() : podGraceSeconds();
        stopContainer(container, now().plusSeconds(graceSeconds),
                "Container " + container.name() + " failed " + probeName + " probe, will be restarted");
        writeStatus();
    }

    // ---- termination ----

    private void beginTermination() {
        terminating = true;
        long graceSeconds = pod.getMetadata().getDeletionGracePeriodSeconds() != null
                ? pod.getMetadata().getDeletionGracePeriodSeconds() : podGraceSeconds();
        Instant deadline = now().plusSeconds(graceSeconds);
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (ContainerRuntime container : containers) {
            container.cancelTimers();
            container.ready = false;
            if (container.process != null) {
                stops.add(stopContainer(container, deadline, "Stopping container " + container.name()));
            }
        }
        writeStatus();
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
                .whenComplete((ignored, error) -> serial.execute(this::finishTermination));
    }

    /** preStop hook, then SIGTERM, then SIGKILL at {@code deadline}; completes when the process has exited. */
    private CompletableFuture<Void> stopContainer(ContainerRuntime container, Instant deadline, String message) {
        ContainerProcess process = container.process;
        event("Normal", "Killing", message);
        LifecycleHandler preStop = container.spec.getLifecycle() == null ? null
                : container.spec.getLifecycle().getPreStop();
        CompletableFuture<Void> hook = preStop == null ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> runPreStop(container, preStop, deadline), node.pool());
        hook.whenComplete((ignored, error) -> process.terminate());
        ScheduledFuture<?> kill = node.timer().schedule(process::kill,
                Math.max(0, Duration.between(now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
        return process.exit().handle((code, error) -> {
            kill.cancel(false);
            return null;
        });
    }

    /** Pool thread: runs the hook within what is left of the grace period. */
    private void runPreStop(ContainerRuntime container, LifecycleHandler hook, Instant deadline) {
        Duration left = Duration.between(now(), deadline);
        if (left.isNegative() || left.isZero()) {
            return;
        }
        Optional<Duration> sleep = Optional.empty();
        if (hook.getSleep() != null && hook.getSleep().getSeconds() != null) {
            sleep = Optional.of(Duration.ofSeconds(hook.getSleep().getSeconds()));
        } else if (hook.getExec() != null) {
            sleep = sleepOf(hook.getExec());
        }
        ProbeResult result;
        if (sleep.isPresent()) {
            // A preStop `sleep N` only waits: emulate it without a process.
            sleepQuietly(sleep.get().compareTo(left) < 0 ? sleep.get() : left);
            result = ProbeResult.ok();
        } else if (hook.getExec() != null) {
            result = node.prober().run(hook.getExec(), podIp, container.spec, container.env, left);
        } else if (hook.getHttpGet() != null) {
            result = node.prober().run(hook.getHttpGet(), podIp, container.spec, container.env, left);
        } else {
            result = ProbeResult.ok();
        }
        if (!result.success()) {
            event("Warning", "FailedPreStopHook", "PreStopHook failed: " + result.message());
        }
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
            LOG.warn("pod {}/{}: final delete failed: {}", namespace, name, e.getMessage());
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

    private void writeStatus() {
        if (finished) {
            return;
        }
        PodStatus status = composeStatus();
        if (status.equals(lastWritten)) {
            return;
        }
        try {
            Pod patch = new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                    .withStatus(status).build();
            node.client().pods().inNamespace(namespace).withName(name).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            lastWritten = status;
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

    private PodStatus composeStatus() {
        List<ContainerStatus> statuses = new ArrayList<>();
        boolean allReady = !terminating && !containers.isEmpty();
        for (ContainerRuntime container : containers) {
            boolean running = container.process != null;
            boolean ready = running && container.ready && !terminating;
            allReady &= ready;
            statuses.add(new ContainerStatusBuilder()
                    .withName(container.name())
                    .withImage(container.spec.getImage())
                    .withImageID(container.containerId == null ? "" : "localkube://" + container.spec.getImage())
                    .withContainerID(container.containerId)
                    .withReady(ready)
                    .withStarted(running && container.started)
                    .withRestartCount(container.restartCount)
                    .withState(container.state)
                    .withLastState(container.lastState == null ? new ContainerState() : container.lastState)
                    .build());
        }
        List<String> unready = containers.stream()
                .filter(c -> c.process == null || !c.ready || terminating).map(ContainerRuntime::name).toList();
        String notReadyMessage = "containers with unready status: " + unready;
        List<PodCondition> podConditions = new ArrayList<>();
        podConditions.add(condition("Initialized", true, null, null));
        podConditions.add(condition("Ready", allReady, allReady ? null : "ContainersNotReady",
                allReady ? null : notReadyMessage));
        podConditions.add(condition("ContainersReady", allReady, allReady ? null : "ContainersNotReady",
                allReady ? null : notReadyMessage));
        podConditions.add(scheduledCondition());
        return new PodStatusBuilder()
                .withPhase(phase())
                .withHostIP("127.0.0.1")
                .withHostIPs(new HostIP("127.0.0.1"))
                .withPodIP(podIp)
                .withPodIPs(new PodIP(podIp))
                .withStartTime(format(startTime))
                .withQosClass(qosClass())
                .withConditions(podConditions)
                .withContainerStatuses(statuses)
                .build();
    }

    private String phase() {
        if (containers.isEmpty()) {
            return "Pending";
        }
        boolean allDone = true;
        boolean allSucceeded = true;
        for (ContainerRuntime container : containers) {
            if (container.state.getWaiting() != null && container.restartCount == 0 && container.lastState == null) {
                return "Pending";
            }
            allDone &= container.done;
            if (container.state.getTerminated() != null && container.state.getTerminated().getExitCode() != 0) {
                allSucceeded = false;
            }
        }
        if (allDone && !terminating) {
            return allSucceeded ? "Succeeded" : "Failed";
        }
        return "Running";
    }

    private PodCondition condition(String type, boolean status, String reason, String message) {
        String value = status ? "True" : "False";
        PodCondition previous = conditions.get(type);
        String transition = previous != null && value.equals(previous.getStatus())
                ? previous.getLastTransitionTime() : format(now());
        PodCondition condition = new PodConditionBuilder().withType(type).withStatus(value).withReason(reason)
                .withMessage(message).withLastTransitionTime(transition).build();
        conditions.put(type, condition);
        return condition;
    }

    /** The scheduler's condition when it wrote one, else ours (the pod is bound to this node). */
    private PodCondition scheduledCondition() {
        if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
            for (PodCondition condition : pod.getStatus().getConditions()) {
                if ("PodScheduled".equals(condition.getType())) {
                    return condition;
                }
            }
        }
        return conditions.computeIfAbsent("PodScheduled", type -> new PodConditionBuilder().withType(type)
                .withStatus("True").withLastTransitionTime(format(startTime)).build());
    }

    private String qosClass() {
        boolean anyRequests = false;
        boolean guaranteed = true;
        for (ContainerRuntime container : containers) {
            var resources = container.spec.getResources();
            var limits = resources == null ? null : resources.getLimits();
            var requests = resources == null ? null : resources.getRequests();
            anyRequests |= (limits != null && !limits.isEmpty()) || (requests != null && !requests.isEmpty());
            for (String resource : List.of("cpu", "memory")) {
                if (limits == null || !limits.containsKey(resource)
                        || (requests != null && requests.containsKey(resource)
                        && !requests.get(resource).equals(limits.get(resource)))) {
                    guaranteed = false;
                }
            }
        }
        return !anyRequests ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    // ---- helpers ----

    private long podGraceSeconds() {
        Long seconds = pod.getSpec().getTerminationGracePeriodSeconds();
        return seconds == null ? DEFAULT_GRACE_SECONDS : seconds;
    }

    private Duration delayFromStart(ContainerRuntime container, Probe probe) {
        Instant due = container.process.startedAt().plusSeconds(orDefault(probe.getInitialDelaySeconds(), 0));
        Duration delay = Duration.between(now(), due);
        return delay.isNegative() ? Duration.ZERO : delay;
    }

    private static ProbeTracker tracker(Probe probe) {
        return new ProbeTracker(orDefault(probe.getSuccessThreshold(), 1), orDefault(probe.getFailureThreshold(), 3));
    }

    private static Probe probeOf(Container spec, ProbeKind kind) {
        return switch (kind) {
            case STARTUP -> spec.getStartupProbe();
            case LIVENESS -> spec.getLivenessProbe();
            case READINESS -> spec.getReadinessProbe();
        };
    }

    private static Object action(Probe probe) {
        if (probe.getHttpGet() != null) {
            return probe.getHttpGet();
        }
        if (probe.getTcpSocket() != null) {
            return probe.getTcpSocket();
        }
        if (probe.getExec() != null) {
            return probe.getExec();
        }
        return probe.getGrpc() != null ? "grpc" : "none";
    }

    static Optional<Duration> sleepOf(ExecAction exec) {
        List<String> command = exec.getCommand();
        if (command == null || command.isEmpty()) {
            return Optional.empty();
        }
        String line = String.join(" ", command);
        if (command.size() == 3 && command.get(0).endsWith("sh") && command.get(1).equals("-c")) {
            line = command.get(2).trim();
        }
        Matcher matcher = SLEEP_COMMAND.matcher(line);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) (Double.parseDouble(matcher.group(1)) * 1000)));
    }

    private static Optional<Integer> firstPort(Container spec) {
        if (spec.getPorts() == null || spec.getPorts().isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(spec.getPorts().get(0).getContainerPort());
    }

    private static ContainerState waiting(String reason, String message) {
        return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting()
                .build();
    }

    private void event(String type, String reason, String message) {
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

    private static String format(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long nodeMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }
}
