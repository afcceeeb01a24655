package dev.saleday.chaos;

import dev.saleday.plan.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;
import java.util.Map;

/** Reads of pod state the actions and the recorder share. */
final class Pods {

    private Pods() {
    }

    static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static boolean isTerminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    static Map<String, String> labels(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    static String node(Pod pod) {
        return pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    }

    static boolean ownedBy(Pod pod, String kind) {
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        return owners != null && owners.stream().anyMatch(o -> kind.equals(o.getKind()));
    }

    /**
     * Pods matching a selector, filtered here rather than by the server: the selector semantics are then the same
     * on every API server (some test servers ignore set-based selectors and would return every pod).
     */
    static List<Pod> matching(KubernetesClient client, String namespace, LabelSelector selector) {
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(p -> selector.matches(labels(p)))
                .toList();
    }

    static long readyAndRunning(List<Pod> pods) {
        return pods.stream().filter(p -> !isTerminating(p) && isReady(p)).count();
    }

    static String ref(Pod pod) {
        return "Pod/" + pod.getMetadata().getName();
    }
}
