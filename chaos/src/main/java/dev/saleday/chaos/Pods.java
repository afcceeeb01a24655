package dev.saleday.chaos;

import dev.saleday.plan.LabelSelector;
import dev.saleday.recorder.KubeFields;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;
import java.util.Map;

/** Reads of pod state for the actions (the state itself is read as the recorder reads it: {@link KubeFields}). */
final class Pods {

    private Pods() {
    }

    static boolean isReady(Pod pod) {
        return KubeFields.isReady(pod);
    }

    static boolean isTerminating(Pod pod) {
        return KubeFields.isTerminating(pod);
    }

    static Map<String, String> labels(Pod pod) {
        return KubeFields.labels(pod);
    }

    static String node(Pod pod) {
        return KubeFields.node(pod);
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
