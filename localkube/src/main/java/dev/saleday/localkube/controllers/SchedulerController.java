package dev.saleday.localkube.controllers;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binds each unscheduled pod to the node with the fewest pods (ties by name) among those that pass kube-scheduler's
 * filters ({@link NodeFit}: not cordoned, every NoSchedule/NoExecute taint tolerated, the pod's requests within the
 * node's allocatable CPU, memory and pods), through the {@code pods/binding} subresource as kube-scheduler does; the
 * API server then sets {@code spec.nodeName} and the PodScheduled condition. No node fits: the pod stays Pending with
 * PodScheduled=False reason Unschedulable and a FailedScheduling event carrying the scheduler's message, and is tried
 * again when nodes change, a pod ends, or 2 s later.
 */
public final class SchedulerController extends Reconciler {

    private static final Duration RETRY_UNSCHEDULABLE = Duration.ofSeconds(2);
    /** The PodScheduled=False reason kube-scheduler writes (v1.PodReasonUnschedulable). */
    public static final String UNSCHEDULABLE = "Unschedulable";

    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Node> nodes;
    /** Pods bound by this scheduler that the cache may not show yet: counted on their node meanwhile. */
    private final Map<String, String> assumed = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "scheduler";
    }

    @Override
    protected void startInformers() {
        // a pod that ends or goes frees room: every pod still waiting gets another try, as the scheduler's queue
        // moves unschedulable pods back to active on such cluster events
        pods = informer(context.client().pods().inAnyNamespace().runnableInformer(0), pod ->
                pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty() ? List.of(key(pod))
                        : Pods.isTerminal(pod) || Pods.isTerminating(pod) ? unscheduledKeys() : List.of());
        nodes = informer(context.client().nodes().runnableInformer(0), node -> unscheduledKeys());
    }

    private List<String> unscheduledKeys() {
        if (pods == null) {
            return List.of();
        }
        return pods.getStore().list().stream()
                .filter(p -> p.getSpec().getNodeName() == null || p.getSpec().getNodeName().isEmpty())
                .map(Reconciler::key).toList();
    }

    @Override
    protected Optional<Duration> reconcile(String key) {
        Pod pod = pods.getStore().getByKey(key);
        if (pod == null || Pods.isTerminating(pod)
                || (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty())
                || (pod.getSpec().getSchedulerName() != null && !"default-scheduler".equals(pod.getSpec().getSchedulerName()))) {
            assumed.remove(key);
            return Optional.empty();
        }
        if (assumed.containsKey(key)) {
            return Optional.of(Duration.ofSeconds(1));
        }
        Map<String, List<Pod>> byNode = new HashMap<>();
        for (Pod other : pods.getStore().list()) {
            String node = other.getSpec().getNodeName();
            if (node == null || node.isEmpty()) {
                node = assumed.get(key(other));
            }
            if (node != null && !Pods.isTerminal(other)) {
                byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(other);
            }
        }
        List<Node> all = nodes.getStore().list();
        List<NodeFit.Failure> failures = new ArrayList<>();
        String chosen = null;
        int fewest = Integer.MAX_VALUE;
        for (Node node : all.stream().sorted(Comparator.comparing(n -> n.getMetadata().getName())).toList()) {
            List<Pod> on = byNode.getOrDefault(node.getMetadata().getName(), List.of());
            NodeFit.Failure failure = NodeFit.check(pod, node, on);
            if (failure != null) {
                failures.add(failure);
            } else if (on.size() < fewest) {
                fewest = on.size();
                chosen = node.getMetadata().getName();
            }
        }
        if (chosen == null) {
            String message = all.isEmpty() ? "no nodes available to schedule pods"
                    : NodeFit.message(all.size(), failures);
            markUnschedulable(pod, message);
            context.events().record(pod, "Warning", "FailedScheduling", message);
            return Optional.of(RETRY_UNSCHEDULABLE);
        }
        Binding binding = new BindingBuilder().withNewMetadata().withName(pod.getMetadata().getName())
                .withNamespace(pod.getMetadata().getNamespace()).endMetadata()
                .withNewTarget().withApiVersion("v1").withKind("Node").withName(chosen).endTarget().build();
        context.client().bindings().inNamespace(pod.getMetadata().getNamespace()).resource(binding).create();
        assumed.put(key, chosen);
        context.events().record(pod, "Normal", "Scheduled", "Successfully assigned " + pod.getMetadata().getNamespace()
                + "/" + pod.getMetadata().getName() + " to " + chosen);
        return Optional.empty();
    }

    /**
     * As the scheduler's failure handler: the pod's PodScheduled condition False, reason Unschedulable, with the
     * message (written only when it changes, so a retry does not rewrite the pod).
     */
    private void markUnschedulable(Pod pod, String message) {
        Optional<PodCondition> current = Pods.condition(pod, "PodScheduled");
        if (current.isPresent() && "False".equals(current.get().getStatus())
                && UNSCHEDULABLE.equals(current.get().getReason()) && message.equals(current.get().getMessage())) {
            return;
        }
        String now = context.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        PodCondition condition = new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                .withReason(UNSCHEDULABLE).withMessage(message).withLastTransitionTime(
                        current.filter(c -> "False".equals(c.getStatus())).map(PodCondition::getLastTransitionTime)
                                .orElse(now)).build();
        context.client().pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .editStatus(p -> {
                    List<PodCondition> conditions = new ArrayList<>(p.getStatus().getConditions() == null ? List.of()
                            : p.getStatus().getConditions());
                    conditions.removeIf(c -> "PodScheduled".equals(c.getType()));
                    conditions.add(condition);
                    p.getStatus().setConditions(conditions);
                    return p;
                });
    }
}
