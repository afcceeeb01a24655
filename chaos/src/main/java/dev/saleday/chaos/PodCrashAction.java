package dev.saleday.chaos;

import dev.saleday.plan.Action;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A crash: SIGKILL to the main process of every container of the picked pods, the pods left in place, so the
 * kubelet sees the containers die, marks them not ready and restarts them per restartPolicy. Unlike a delete there
 * is no preStop, no SIGTERM, no grace period, and new connections keep arriving until readiness notices.
 *
 * <p>Only possible where the harness reaches the container runtime: localkube, whose containers are processes on
 * this machine ({@code containerID: process://PID}, an API server on loopback). Each pid is checked against the
 * container's {@code startedAt} before it is killed, so a reused pid is never hit. Elsewhere the action is refused
 * when it is prepared (journaled as failed, nothing changed): on a real cluster a container can be killed only from
 * inside it ({@code kubectl exec POD -- kill -KILL 1}: a shell in the image and pods/exec rights) or by its node.
 * Capped by guards.maxPodsKilled and the PodDisruptionBudgets as pod-kill is. Undo: as pod-kill's, it waits until
 * as many matching pods are ready as before.
 */
final class PodCrashAction implements FaultAction {

    static final String SCHEME = "process://";
    private static final Duration START_TOLERANCE = Duration.ofSeconds(5);

    private final Action.PodCrash action;

    PodCrashAction(Action.PodCrash action) {
        this.action = action;
    }

    /** A container's main process as the runtime reports it. */
    record Target(String pod, String container, long pid, Instant startedAt) {
    }

    @Override
    public Step prepare(ActionContext context) {
        PodKillAction.Selection selection = PodKillAction.select(context, action.selector(), action.count(),
                action.pick());
        if (selection.chosen().isEmpty()) {
            return Step.skipped(selection.skipped());
        }
        String server = context.client().getConfiguration().getMasterUrl();
        List<Target> targets = new ArrayList<>();
        for (Pod pod : selection.chosen()) {
            targets.addAll(targets(pod, server));
        }
        String namespace = context.namespace();
        Undo undo = new Undo.AwaitReplaced(namespace, action.selector().toString(), selection.readyBefore(),
                context.options().verifyTimeout().toMillis());
        List<String> refs = selection.chosen().stream().map(Pods::ref).toList();
        List<String> notes = selection.notes();
        String description = "SIGKILL the containers of " + refs + " in namespace " + namespace
                + " (a crash: the pods stay, the kubelet restarts the containers)"
                + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")");
        return new Step(refs, description, undo, selection.chosen().size(), c -> crash(targets, notes), null);
    }

    /** @throws ChaosActionException when the pod's containers are not processes this harness can reach */
    static List<Target> targets(Pod pod, String apiServer) {
        String name = pod.getMetadata().getName();
        List<ContainerStatus> statuses = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                ? List.of() : pod.getStatus().getContainerStatuses();
        List<Target> targets = new ArrayList<>();
        for (ContainerStatus status : statuses) {
            String id = status.getContainerID();
            if (id == null || status.getState() == null || status.getState().getRunning() == null) {
                continue;
            }
            if (!id.startsWith(SCHEME) || !loopback(apiServer)) {
                throw new ChaosActionException("pod-crash needs containers this machine can signal, as localkube's "
                        + "(containerID process://PID, API server on loopback); pod " + name + " container "
                        + status.getName() + " is " + id + " behind " + apiServer + ". On a real cluster a container "
                        + "can be killed only from inside it (kubectl exec " + name + " -- kill -KILL 1, which needs "
                        + "a shell in the image and pods/exec) or by its node; pod-kill with gracePeriod: 0s is the "
                        + "nearest fault through the API");
            }
            long pid;
            try {
                pid = Long.parseLong(id.substring(SCHEME.length()));
            } catch (NumberFormatException e) {
                throw new ChaosActionException("pod " + name + ": containerID " + id + " names no pid");
            }
            targets.add(new Target(name, status.getName(), pid,
                    Instant.parse(status.getState().getRunning().getStartedAt())));
        }
        if (targets.isEmpty()) {
            throw new ChaosActionException("pod " + name + " has no running container to crash");
        }
        return targets;
    }

    private static String crash(List<Target> targets, List<String> notes) {
        int killed = 0;
        List<String> skipped = new ArrayList<>();
        for (Target target : targets) {
            Optional<ProcessHandle> process = ProcessHandle.of(target.pid());
            Optional<Instant> started = process.flatMap(p -> p.info().startInstant());
            if (process.isEmpty() || started.isEmpty()
                    || Duration.between(target.startedAt(), started.get()).abs().compareTo(START_TOLERANCE) > 0) {
                skipped.add(target.pod() + "/" + target.container() + " (pid " + target.pid()
                        + " is gone or is not that container)");
                continue;
            }
            if (process.get().destroyForcibly()) {
                killed++;
            }
        }
        if (killed == 0) {
            throw new ChaosActionException("no container crashed: " + String.join(", ", skipped));
        }
        return "killed " + killed + " container process(es) with SIGKILL"
                + (skipped.isEmpty() ? "" : "; not " + String.join(", ", skipped))
                + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
    }

    private static boolean loopback(String url) {
        try {
            String host = URI.create(url).getHost();
            return host != null && InetAddress.getByName(host).isLoopbackAddress();
        } catch (IllegalArgumentException | UnknownHostException e) {
            return false;
        }
    }
}
