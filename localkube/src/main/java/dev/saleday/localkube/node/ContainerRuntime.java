package dev.saleday.localkube.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * The live state of one container of a pod. Mutated only on its pod's serial executor, except the fields the CPU
 * sampler reads (volatile).
 */
final class ContainerRuntime {

    final Container spec;
    final BackOff restartBackOff;
    final BackOff pullBackOff;

    volatile ContainerProcess process;
    volatile int generation;
    volatile Path logFile;
    /** The process the sampler last read, and its CPU nanoseconds then (sampler thread only). */
    ContainerProcess sampledProcess;
    long sampledCpuNanos;

    int restartCount;
    int pullFailures;
    Map<String, String> env = Map.of();
    String containerId;
    ContainerState state;
    ContainerState lastState;
    /** Terminated and will not run again (restartPolicy says so). */
    boolean done;
    boolean ready;
    boolean started;
    ProbeTracker startupTracker;
    ProbeTracker livenessTracker;
    ProbeTracker readinessTracker;
    final List<ScheduledFuture<?>> probeTasks = new ArrayList<>();
    ScheduledFuture<?> pendingStart;
    /** The cgroup holding the running process, when CPU limits are enforced by the kernel. */
    Path cgroup;

    ContainerRuntime(Container spec, KubeletConfig config) {
        this.spec = spec;
        this.restartBackOff = new BackOff(config.backOffBase(), config.backOffMax());
        this.pullBackOff = new BackOff(config.backOffBase(), config.backOffMax());
    }

    String name() {
        return spec.getName();
    }

    void cancelTimers() {
        probeTasks.forEach(task -> task.cancel(false));
        probeTasks.clear();
        if (pendingStart != null) {
            pendingStart.cancel(false);
            pendingStart = null;
        }
    }
}
