package dev.saleday.localkube.controllers;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * kube-scheduler's filters that matter here, in its order (NodeUnschedulable, TaintToleration, NodeResourcesFit),
 * each node failing at its first filter with the reason the scheduler writes; and its FitError message
 * (pkg/scheduler/framework/types.go): {@code 0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are
 * available: 3 No preemption victims found for incoming pod.} Pure: reads the objects it is given.
 */
public final class NodeFit {

    static final String UNSCHEDULABLE = "node(s) were unschedulable";
    static final String TOO_MANY_PODS = "Too many pods";
    /** The taint the node lifecycle controller keeps on a node whose Ready condition is not True. */
    static final String NOT_READY_TAINT = "node.kubernetes.io/not-ready";
    /** The taint the node lifecycle controller puts on a node that stopped reporting. */
    static final String UNREACHABLE_TAINT = "node.kubernetes.io/unreachable";

    private NodeFit() {
    }

    /** Why a node cannot take a pod; {@code resolvable} when preempting lower-priority pods could help. */
    public record Failure(List<String> reasons, boolean resolvable) {
    }

    /** The requests a pod adds to a node: the sum of its containers', or the largest init container's if more. */
    public record Requests(long cpuMillicores, long memoryBytes) {
        static Requests of(Pod pod) {
            long cpu = 0;
            long memory = 0;
            for (Container c : pod.getSpec().getContainers()) {
                cpu += amount(c, "cpu", 1000);
                memory += amount(c, "memory", 1);
            }
            if (pod.getSpec().getInitContainers() != null) {
                for (Container c : pod.getSpec().getInitContainers()) {
                    cpu = Math.max(cpu, amount(c, "cpu", 1000));
                    memory = Math.max(memory, amount(c, "memory", 1));
                }
            }
            return new Requests(cpu, memory);
        }

        /** A request, or the limit when only a limit is set (the API server defaults the request to it). */
        private static long amount(Container c, String resource, int scale) {
            if (c.getResources() == null) {
                return 0;
            }
            Quantity q = c.getResources().getRequests() == null ? null : c.getResources().getRequests().get(resource);
            if (q == null && c.getResources().getLimits() != null) {
                q = c.getResources().getLimits().get(resource);
            }
            return q == null ? 0 : scaled(q, scale);
        }
    }

    static long scaled(Quantity q, int scale) {
        return q.getNumericalAmount().multiply(BigDecimal.valueOf(scale)).setScale(0, java.math.RoundingMode.CEILING)
                .longValueExact();
    }

    /**
     * @param onNode the pods already bound to the node (terminal ones are skipped)
     * @return null when the pod fits, else why not
     */
    public static Failure check(Pod pod, Node node, Collection<Pod> onNode) {
        List<Toleration> tolerations = pod.getSpec().getTolerations() == null ? List.of() : pod.getSpec().getTolerations();
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())
                && !tolerates(tolerations, new Taint("NoSchedule", "node.kubernetes.io/unschedulable", null, null))) {
            return new Failure(List.of(UNSCHEDULABLE), false);
        }
        for (Taint taint : taints(node)) {
            if (("NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect()))
                    && !tolerates(tolerations, taint)) {
                return new Failure(List.of("node(s) had untolerated taint {" + taint.getKey() + ": "
                        + (taint.getValue() == null ? "" : taint.getValue()) + "}"), false);
            }
        }
        Requests wanted = Requests.of(pod);
        long cpu = 0;
        long memory = 0;
        int pods = 0;
        for (Pod other : onNode) {
            if (Pods.isTerminal(other)) {
                continue;
            }
            Requests r = Requests.of(other);
            cpu += r.cpuMillicores();
            memory += r.memoryBytes();
            pods++;
        }
        List<String> reasons = new ArrayList<>();
        if (pods + 1 > allocatable(node, "pods", 1)) {
            reasons.add(TOO_MANY_PODS);
        }
        if (wanted.cpuMillicores() > 0 && cpu + wanted.cpuMillicores() > allocatable(node, "cpu", 1000)) {
            reasons.add("Insufficient cpu");
        }
        if (wanted.memoryBytes() > 0 && memory + wanted.memoryBytes() > allocatable(node, "memory", 1)) {
            reasons.add("Insufficient memory");
        }
        return reasons.isEmpty() ? null : new Failure(reasons, true);
    }

    /** The node's taints, with the not-ready taint added when it is not Ready and does not carry one already. */
    static List<Taint> taints(Node node) {
        List<Taint> taints = new ArrayList<>(node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints());
        boolean tainted = taints.stream().anyMatch(t -> NOT_READY_TAINT.equals(t.getKey())
                || UNREACHABLE_TAINT.equals(t.getKey()));
        if (!ready(node) && !tainted) {
            taints.add(new Taint("NoSchedule", NOT_READY_TAINT, null, null));
        }
        return taints;
    }

    static boolean ready(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        for (NodeCondition c : node.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    /** As v1helper.TolerationsTolerateTaint: key (empty with Exists: any), operator, value, effect (empty: any). */
    static boolean tolerates(List<Toleration> tolerations, Taint taint) {
        for (Toleration t : tolerations) {
            boolean effect = t.getEffect() == null || t.getEffect().isEmpty() || t.getEffect().equals(taint.getEffect());
            boolean exists = "Exists".equals(t.getOperator());
            boolean key = (t.getKey() == null || t.getKey().isEmpty()) ? exists : t.getKey().equals(taint.getKey());
            boolean value = exists || java.util.Objects.equals(blank(t.getValue()), blank(taint.getValue()));
            if (effect && key && value) {
                return true;
            }
        }
        return false;
    }

    private static String blank(String s) {
        return s == null ? "" : s;
    }

    private static long allocatable(Node node, String resource, int scale) {
        Map<String, Quantity> allocatable = node.getStatus() == null ? null : node.getStatus().getAllocatable();
        Quantity q = allocatable == null ? null : allocatable.get(resource);
        return q == null ? Long.MAX_VALUE : scaled(q, scale);
    }

    /**
     * The scheduler's message for a pod no node takes: reasons counted over the nodes, each {@code "<count>
     * <reason>"}, sorted as strings; then the default preemption plugin's own line, where nodes failing only on
     * resources have no lower-priority victims (every pod here has priority 0).
     */
    public static String message(int nodeCount, Collection<Failure> failures) {
        Map<String, Integer> histogram = new TreeMap<>();
        int notHelpful = 0;
        int noVictims = 0;
        for (Failure f : failures) {
            f.reasons().forEach(r -> histogram.merge(r, 1, Integer::sum));
            if (f.resolvable()) {
                noVictims++;
            } else {
                notHelpful++;
            }
        }
        List<String> reasons = new ArrayList<>();
        histogram.forEach((reason, count) -> reasons.add(count + " " + reason));
        java.util.Collections.sort(reasons);
        StringBuilder message = new StringBuilder("0/" + nodeCount + " nodes are available");
        message.append(reasons.isEmpty() ? "." : ": " + String.join(", ", reasons) + ".");
        List<String> preemption = new ArrayList<>();
        if (noVictims > 0) {
            preemption.add(noVictims + " No preemption victims found for incoming pod");
        }
        if (notHelpful > 0) {
            preemption.add(notHelpful + " Preemption is not helpful for scheduling");
        }
        java.util.Collections.sort(preemption);
        if (!preemption.isEmpty()) {
            message.append(" preemption: 0/").append(nodeCount).append(" nodes are available: ")
                    .append(String.join(", ", preemption)).append('.');
        }
        return message.toString();
    }
}
