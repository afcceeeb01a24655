package dev.saleday.localkube.controllers;

import dev.saleday.localkube.controller.Controller;
import dev.saleday.localkube.controller.ControllerContext;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Kubernetes' node lifecycle controller and taint eviction controller (pkg/controller/nodelifecycle,
 * pkg/controller/tainteviction), every node-monitor period:
 * <ul>
 *   <li>a node whose Lease was not renewed for the node-monitor grace period gets Ready=Unknown (reason
 *       NodeStatusUnknown, "Kubelet stopped posting node status."), an event NodeNotReady, and its pods
 *       Ready=False (MarkPodsNotReady: the endpoints controller then takes them out of their Services);</li>
 *   <li>taints follow the Ready condition: Unknown -> {@code node.kubernetes.io/unreachable} NoSchedule and
 *       NoExecute, False -> {@code node.kubernetes.io/not-ready} NoSchedule and NoExecute, True -> neither;</li>
 *   <li>a pod on a node with a NoExecute taint it does not tolerate is deleted at once; one that tolerates it for
 *       {@code tolerationSeconds} is deleted that long after the taint's {@code timeAdded} (the shortest of its
 *       matching tolerations; none: never), with the event TaintManagerEviction. Its node's kubelet is gone, so it
 *       stays Terminating there, as on a cluster; its ReplicaSet replaces it meanwhile.</li>
 * </ul>
 */
public final class NodeLifecycle implements Controller {

    static final String NO_EXECUTE = "NoExecute";
    static final String NO_SCHEDULE = "NoSchedule";

    private final Logger log = LoggerFactory.getLogger(NodeLifecycle.class);
    private final Duration gracePeriod;
    private final Duration monitorPeriod;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "localkube-node-lifecycle");
        t.setDaemon(true);
        return t;
    });
    private ControllerContext context;

    public NodeLifecycle(Duration gracePeriod, Duration monitorPeriod) {
        this.gracePeriod = gracePeriod;
        this.monitorPeriod = monitorPeriod;
    }

    @Override
    public String name() {
        return "node-lifecycle";
    }

    @Override
    public void start(ControllerContext context) {
        this.context = context;
        timer.scheduleWithFixedDelay(this::monitorSafely, monitorPeriod.toMillis(), monitorPeriod.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void monitorSafely() {
        try {
            monitor();
        } catch (KubernetesClientException e) {
            log.debug("node lifecycle: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("node lifecycle failed: {}", e.toString());
        }
    }

    private void monitor() {
        Instant now = context.clock().instant();
        Map<String, Instant> renewed = new HashMap<>();
        for (Lease lease : context.client().leases().inNamespace(NodeHeartbeat.LEASE_NAMESPACE).list().getItems()) {
            if (lease.getSpec() != null && lease.getSpec().getRenewTime() != null) {
                renewed.put(lease.getMetadata().getName(), lease.getSpec().getRenewTime().toInstant());
            }
        }
        List<Pod> pods = context.client().pods().inAnyNamespace().list().getItems();
        for (Node node : context.client().nodes().list().getItems()) {
            String name = node.getMetadata().getName();
            Instant probe = renewed.getOrDefault(name, Instant.parse(node.getMetadata().getCreationTimestamp()));
            String ready = readyStatus(node);
            if (Duration.between(probe, now).compareTo(gracePeriod) > 0 && !"Unknown".equals(ready)) {
                node = markUnknown(node, now);
                ready = "Unknown";
            }
            node = syncTaints(node, ready, now);
            List<Pod> onNode = pods.stream().filter(p -> name.equals(p.getSpec().getNodeName())).toList();
            if (!"True".equals(ready)) {
                onNode.stream().filter(Pods::isReady).forEach(this::markPodNotReady);
            }
            evict(node, onNode, now);
        }
    }

    private static String readyStatus(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return "Unknown";
        }
        return node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(NodeCondition::getStatus).findFirst().orElse("Unknown");
    }

    private Node markUnknown(Node node, Instant now) {
        String at = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        Node updated = context.client().nodes().withName(node.getMetadata().getName()).editStatus(n -> {
            for (NodeCondition c : n.getStatus().getConditions()) {
                if ("Ready".equals(c.getType())) {
                    c.setStatus("Unknown");
                    c.setReason("NodeStatusUnknown");
                    c.setMessage("Kubelet stopped posting node status.");
                    c.setLastTransitionTime(at);
                }
            }
            return n;
        });
        context.events().record(node, "Normal", "NodeNotReady", "Node " + node.getMetadata().getName()
                + " status is now: NodeNotReady");
        return updated;
    }

    /** The condition taints the Ready condition asks for; others left as they are; timeAdded kept. */
    private Node syncTaints(Node node, String ready, Instant now) {
        String wanted = switch (ready) {
            case "True" -> null;
            case "False" -> NodeFit.NOT_READY_TAINT;
            default -> NodeFit.UNREACHABLE_TAINT;
        };
        List<Taint> current = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints();
        List<Taint> desired = new ArrayList<>();
        for (Taint t : current) {
            boolean condition = NodeFit.NOT_READY_TAINT.equals(t.getKey()) || NodeFit.UNREACHABLE_TAINT.equals(t.getKey());
            if (!condition || t.getKey().equals(wanted)) {
                desired.add(t);
            }
        }
        if (wanted != null) {
            for (String effect : List.of(NO_SCHEDULE, NO_EXECUTE)) {
                if (desired.stream().noneMatch(t -> wanted.equals(t.getKey()) && effect.equals(t.getEffect()))) {
                    desired.add(new Taint(effect, wanted, NO_EXECUTE.equals(effect)
                            ? now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString() : null, null));
                }
            }
        }
        if (desired.equals(current)) {
            return node;
        }
        return context.client().nodes().withName(node.getMetadata().getName()).edit(n -> {
            n.getSpec().setTaints(desired.isEmpty() ? null : desired);
            return n;
        });
    }

    private void markPodNotReady(Pod pod) {
        String at = context.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        context.client().pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .editStatus(p -> {
                    for (PodCondition c : p.getStatus().getConditions()) {
                        if ("Ready".equals(c.getType()) && "True".equals(c.getStatus())) {
                            c.setStatus("False");
                            c.setLastTransitionTime(at);
                        }
                    }
                    return p;
                });
        context.events().record(pod, "Warning", "NodeNotReady", "Node is not ready");
    }

    /** The taint eviction controller's rule: the soonest deadline among the NoExecute taints. */
    private void evict(Node node, List<Pod> onNode, Instant now) {
        List<Taint> noExecute = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints().stream().filter(t -> NO_EXECUTE.equals(t.getEffect())).toList();
        if (noExecute.isEmpty()) {
            return;
        }
        for (Pod pod : onNode) {
            if (Pods.isTerminating(pod) || Pods.isTerminal(pod)) {
                continue;
            }
            Optional<Instant> due = evictionTime(pod, noExecute);
            if (due.isPresent() && !due.get().isAfter(now)) {
                context.events().record(pod, "Normal", "TaintManagerEviction", "Marking for deletion Pod "
                        + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
                context.client().pods().inNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName()).delete();
            }
        }
    }

    /** @return when the pod goes: at once for an untolerated taint, else timeAdded + the least tolerationSeconds */
    static Optional<Instant> evictionTime(Pod pod, List<Taint> noExecute) {
        List<Toleration> tolerations = pod.getSpec().getTolerations() == null ? List.of() : pod.getSpec().getTolerations();
        Instant soonest = null;
        for (Taint taint : noExecute) {
            Instant added = taint.getTimeAdded() == null ? Instant.EPOCH : Instant.parse(taint.getTimeAdded());
            Long least = null;
            boolean tolerated = false;
            for (Toleration t : tolerations) {
                if (NodeFit.tolerates(List.of(t), taint)) {
                    tolerated = true;
                    if (t.getTolerationSeconds() == null) {
                        least = least == null ? Long.MAX_VALUE : least;
                    } else {
                        least = least == null ? t.getTolerationSeconds() : Math.min(least, t.getTolerationSeconds());
                    }
                }
            }
            Instant at = !tolerated ? Instant.EPOCH : least == Long.MAX_VALUE ? null
                    : added.plusSeconds(Math.max(0, least));
            if (at != null && (soonest == null || at.isBefore(soonest))) {
                soonest = at;
            }
        }
        return Optional.ofNullable(soonest);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
