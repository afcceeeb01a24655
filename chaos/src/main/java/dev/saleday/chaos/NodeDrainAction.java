package dev.saleday.chaos;

import dev.saleday.plan.Action;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * As {@code kubectl drain}: cordons the node (spec.unschedulable), then evicts its pods through the Eviction API
 * (policy/v1), retrying evictions a PodDisruptionBudget refuses (HTTP 429) until the drain timeout. Only pods in
 * the allowed namespaces are evicted; DaemonSet pods are left, as kubectl does. Undo: uncordon (only when the node
 * was schedulable before).
 */
final class NodeDrainAction implements FaultAction {

    private final Action.NodeDrain action;

    NodeDrainAction(Action.NodeDrain action) {
        this.action = action;
    }

    @Override
    public Step prepare(ActionContext context) {
        KubernetesClient client = context.client();
        Node node = client.nodes().withName(action.node()).get();
        if (node == null) {
            throw new ChaosActionException("Node/" + action.node() + " not found");
        }
        boolean wasCordoned = Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        List<Pod> onNode = new ArrayList<>();
        for (String namespace : context.allowedNamespaces()) {
            client.pods().inNamespace(namespace).list().getItems().stream()
                    .filter(p -> action.node().equals(Pods.node(p)))
                    .filter(p -> !Pods.isTerminating(p) && !Pods.ownedBy(p, "DaemonSet"))
                    .forEach(onNode::add);
        }
        List<String> notes = new ArrayList<>();
        int allowed = context.blastRadius().remaining(context.targetPods(onNode.size()));
        List<Pod> toEvict = onNode.subList(0, Math.min(onNode.size(), allowed));
        if (toEvict.size() < onNode.size()) {
            notes.add((onNode.size() - toEvict.size()) + " pod(s) left by " + context.blastRadius().rule());
        }
        List<String> targets = new ArrayList<>();
        targets.add("Node/" + action.node());
        toEvict.forEach(p -> targets.add(Pods.ref(p)));
        Undo undo = wasCordoned ? new Undo.Nothing("Node/" + action.node() + " was cordoned before the drain")
                : new Undo.Uncordon(action.node());
        String description = "cordon Node/" + action.node() + ", evict " + targets.subList(1, targets.size())
                + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")");
        List<Pod> evictList = List.copyOf(toEvict);
        return new Step(targets, description, undo, evictList.size(), c -> drain(c, context, evictList, notes), null);
    }

    private String drain(KubernetesClient client, ActionContext context, List<Pod> pods, List<String> notes) {
        client.nodes().withName(action.node())
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"unschedulable\":true}}");
        Set<Pod> left = new LinkedHashSet<>(pods);
        List<String> refused = new ArrayList<>();
        long deadline = System.nanoTime() + context.options().drainTimeout().toNanos();
        while (!left.isEmpty() && System.nanoTime() < deadline && !context.stopped().getAsBoolean()) {
            for (Pod pod : List.copyOf(left)) {
                String outcome = evict(client, pod);
                if (EVICTED.equals(outcome)) {
                    left.remove(pod);
                } else if (!RETRY.equals(outcome)) {
                    left.remove(pod);
                    refused.add(Pods.ref(pod) + ": " + outcome);
                }
            }
            if (!left.isEmpty()) {
                Sleeper.pause(Duration.ofMillis(500));
            }
        }
        List<String> result = new ArrayList<>(notes);
        result.add(0, "cordoned, evicted " + (pods.size() - left.size() - refused.size()) + " of " + pods.size());
        if (!left.isEmpty()) {
            result.add("still refused (PodDisruptionBudget): " + left.stream().map(Pods::ref).toList());
        }
        if (!refused.isEmpty()) {
            result.add("not evicted: " + refused);
        }
        return String.join("; ", result);
    }

    private static final String EVICTED = "evicted";
    private static final String RETRY = "retry";

    /**
     * @return {@link #EVICTED} (or already gone), {@link #RETRY} when a budget refuses for now (429) or the request got
     *         no answer, else why the
     *         API server will not evict it (e.g. 500 for a pod under two budgets, as Kubernetes answers)
     */
    private static String evict(KubernetesClient client, Pod pod) {
        try {
            return client.pods().inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName()).evict() ? EVICTED : RETRY;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return EVICTED;
            }
            if (e.getCode() == 429 || e.getCode() <= 0) {
                return RETRY; // a budget says not now, or no answer at all (timeout, connection): try again
            }
            return "HTTP " + e.getCode() + " " + (e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage() : e.getMessage());
        }
    }
}
