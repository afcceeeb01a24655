package dev.saleday.localkube.controllers;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binds each unscheduled pod to the Ready, schedulable node with the fewest pods (ties by name), through the
 * {@code pods/binding} subresource as kube-scheduler does; the API server then sets {@code spec.nodeName} and the
 * PodScheduled condition. Cordoned nodes ({@code spec.unschedulable}) get nothing new. No node: a FailedScheduling
 * event and another try when nodes change.
 */
public final class SchedulerController extends Reconciler {

    private static final Duration RETRY_UNSCHEDULABLE = Duration.ofSeconds(2);

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
        pods = informer(context.client().pods().inAnyNamespace().runnableInformer(0), pod ->
                pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty() ? List.of(key(pod)) : List.of());
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
        Map<String, Integer> load = new HashMap<>();
        for (Node node : nodes.getStore().list()) {
            if (schedulable(node)) {
                load.put(node.getMetadata().getName(), 0);
            }
        }
        if (load.isEmpty()) {
            context.events().record(pod, "Warning", "FailedScheduling", "0/" + nodes.getStore().list().size()
                    + " nodes are available: no Ready node without spec.unschedulable.");
            return Optional.of(RETRY_UNSCHEDULABLE);
        }
        for (Pod other : pods.getStore().list()) {
            String node = other.getSpec().getNodeName();
            if (node == null || node.isEmpty()) {
                node = assumed.get(key(other));
            }
            if (node != null && load.containsKey(node) && !Pods.isTerminal(other)) {
                load.merge(node, 1, Integer::sum);
            }
        }
        String chosen = load.entrySet().stream()
                .min(Comparator.comparing(Map.Entry<String, Integer>::getValue).thenComparing(Map.Entry::getKey))
                .orElseThrow().getKey();
        Binding binding = new BindingBuilder().withNewMetadata().withName(pod.getMetadata().getName())
                .withNamespace(pod.getMetadata().getNamespace()).endMetadata()
                .withNewTarget().withApiVersion("v1").withKind("Node").withName(chosen).endTarget().build();
        context.client().bindings().inNamespace(pod.getMetadata().getNamespace()).resource(binding).create();
        assumed.put(key, chosen);
        context.events().record(pod, "Normal", "Scheduled", "Successfully assigned " + pod.getMetadata().getNamespace()
                + "/" + pod.getMetadata().getName() + " to " + chosen);
        return Optional.empty();
    }

    static boolean schedulable(Node node) {
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            return false;
        }
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
}
