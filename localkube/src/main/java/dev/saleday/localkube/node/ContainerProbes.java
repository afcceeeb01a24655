package dev.saleday.localkube.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The probes of one pod's containers: the startup probe first, then liveness and readiness, each on its period.
 * A probe's action runs on a pool thread; its result is handed to the pod's serial executor, where it changes the
 * container's readiness, or restarts the container when liveness or startup fail.
 */
final class ContainerProbes {

    private enum Kind {
        STARTUP("Startup"), LIVENESS("Liveness"), READINESS("Readiness");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private final NodeServices node;
    private final SerialExecutor serial;
    private final PodWorker pod;

    ContainerProbes(NodeServices node, SerialExecutor serial, PodWorker pod) {
        this.node = node;
        this.serial = serial;
        this.pod = pod;
    }

    /** A container process started: its startup probe, or (without one) its liveness and readiness probes. */
    void started(ContainerRuntime container, int generation) {
        Container spec = container.spec;
        if (spec.getStartupProbe() != null) {
            container.startupTracker = tracker(spec.getStartupProbe());
            schedule(container, generation, Kind.STARTUP, delayFromStart(container, spec.getStartupProbe()));
        } else {
            startMain(container, generation);
        }
    }

    private void startMain(ContainerRuntime container, int generation) {
        Container spec = container.spec;
        if (spec.getLivenessProbe() != null) {
            container.livenessTracker = tracker(spec.getLivenessProbe());
            schedule(container, generation, Kind.LIVENESS, delayFromStart(container, spec.getLivenessProbe()));
        }
        if (spec.getReadinessProbe() != null) {
            container.readinessTracker = tracker(spec.getReadinessProbe());
            schedule(container, generation, Kind.READINESS, delayFromStart(container, spec.getReadinessProbe()));
        }
    }

    private void schedule(ContainerRuntime container, int generation, Kind kind, Duration delay) {
        container.probeTasks.removeIf(task -> task.isDone());
        container.probeTasks.add(node.timer().schedule(
                () -> node.pool().execute(() -> run(container, generation, kind)),
                Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS));
    }

    /** Pool thread: runs the probe's action, then hands the result to the pod's queue. */
    private void run(ContainerRuntime container, int generation, Kind kind) {
        if (generation != container.generation || pod.finished()) {
            return;
        }
        long startedNanos = System.nanoTime();
        Probe probe = probeOf(container.spec, kind);
        ProbeResult result = node.prober().run(action(probe), pod.podIp().orElse(null), container.spec,
                container.env, Duration.ofSeconds(orDefault(probe.getTimeoutSeconds(), 1)));
        serial.execute(() -> onResult(container, generation, kind, result, startedNanos));
    }

    private void onResult(ContainerRuntime container, int generation, Kind kind, ProbeResult result,
                          long startedNanos) {
        if (pod.stopping() || generation != container.generation || container.process == null) {
            return;
        }
        Probe probe = probeOf(container.spec, kind);
        if (!result.success()) {
            pod.event("Warning", "Unhealthy", kind.label + " probe failed: " + result.message());
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
                    pod.restartAfterFailedProbe(container, probe, "liveness");
                    return;
                }
            }
            case STARTUP -> {
                if (verdict == ProbeTracker.Verdict.FAILED) {
                    pod.restartAfterFailedProbe(container, probe, "startup");
                    return;
                }
                if (verdict == ProbeTracker.Verdict.SUCCEEDED) {
                    container.started = true;
                    startMain(container, generation);
                    pod.writeStatus();
                    return;
                }
            }
        }
        pod.writeStatus();
        long periodNanos = TimeUnit.SECONDS.toNanos(orDefault(probe.getPeriodSeconds(), 10));
        long elapsedNanos = System.nanoTime() - startedNanos;
        schedule(container, generation, kind, Duration.ofNanos(Math.max(0, periodNanos - elapsedNanos)));
    }

    private Duration delayFromStart(ContainerRuntime container, Probe probe) {
        Instant due = container.process.startedAt().plusSeconds(orDefault(probe.getInitialDelaySeconds(), 0));
        Duration delay = Duration.between(node.clock().instant(), due);
        return delay.isNegative() ? Duration.ZERO : delay;
    }

    private static ProbeTracker tracker(Probe probe) {
        return new ProbeTracker(orDefault(probe.getSuccessThreshold(), 1), orDefault(probe.getFailureThreshold(), 3));
    }

    private static Probe probeOf(Container spec, Kind kind) {
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

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
