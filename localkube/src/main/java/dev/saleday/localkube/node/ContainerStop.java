package dev.saleday.localkube.node;

import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.LifecycleHandler;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one container is taken down, as the kubelet's killContainer does: its preStop hook within the grace period,
 * then SIGTERM, then SIGKILL after what is left of it, never sooner than 2 s after SIGTERM ({@link GracePeriods}).
 */
final class ContainerStop {

    private static final Pattern SLEEP_COMMAND = Pattern.compile("(?:\\S*/)?sleep\\s+(\\d+(?:\\.\\d+)?)s?");

    /** Where the stop reports what happened (the pod's events). */
    interface Events {
        void event(String type, String reason, String message);
    }

    private ContainerStop() {
    }

    /**
     * preStop hook (waited for at most {@code graceSeconds}), then SIGTERM, then SIGKILL when what is left of the grace
     * period, but at least {@link GracePeriods#MINIMUM_SECONDS}, has passed ({@link GracePeriods}).
     *
     * @param graceSeconds the container's grace period, as the kubelet hands it to killContainer
     * @return completes when the process has exited
     */
    static CompletableFuture<Void> stop(NodeServices node, ContainerRuntime container, String podIp,
                                        long graceSeconds, String message, Events events) {
        ContainerProcess process = container.process;
        events.event("Normal", "Killing", message);
        LifecycleHandler preStop = container.spec.getLifecycle() == null ? null
                : container.spec.getLifecycle().getPreStop();
        Duration limit = GracePeriods.preStopLimit(graceSeconds);
        long startNanos = System.nanoTime();
        CompletableFuture<Void> hook = preStop == null || limit.isZero() ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> runPreStop(node, container, podIp, preStop, limit, events),
                node.pool()).completeOnTimeout(null, limit.toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        hook.whenComplete((ignored, error) -> {
            Duration preStopElapsed = preStop == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - startNanos);
            Duration untilKill = GracePeriods.afterSigterm(graceSeconds, preStopElapsed);
            process.terminate();
            ScheduledFuture<?> kill = node.timer().schedule(process::kill, untilKill.toMillis(),
                    TimeUnit.MILLISECONDS);
            process.exit().whenComplete((code, exitError) -> {
                kill.cancel(false);
                stopped.complete(null);
            });
        });
        return stopped;
    }

    /** Pool thread: runs the hook within {@code limit} (the kubelet stops waiting for it then). */
    private static void runPreStop(NodeServices node, ContainerRuntime container, String podIp,
                                   LifecycleHandler hook, Duration limit, Events events) {
        Optional<Duration> sleep = Optional.empty();
        if (hook.getSleep() != null && hook.getSleep().getSeconds() != null) {
            sleep = Optional.of(Duration.ofSeconds(hook.getSleep().getSeconds()));
        } else if (hook.getExec() != null) {
            sleep = sleepOf(hook.getExec());
        }
        ProbeResult result;
        if (sleep.isPresent()) {
            // A preStop `sleep N` only waits: emulate it without a process.
            sleepQuietly(sleep.get().compareTo(limit) < 0 ? sleep.get() : limit);
            result = ProbeResult.ok();
        } else if (hook.getExec() != null) {
            result = node.prober().run(hook.getExec(), podIp, container.spec, container.env, limit);
        } else if (hook.getHttpGet() != null) {
            result = node.prober().run(hook.getHttpGet(), podIp, container.spec, container.env, limit);
        } else {
            result = ProbeResult.ok();
        }
        if (!result.success()) {
            events.event("Warning", "FailedPreStopHook", "PreStopHook failed: " + result.message());
        }
    }

    /** @return how long an exec hook that only sleeps ({@code sleep 5}, {@code sh -c "sleep 1.5"}) waits */
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

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
