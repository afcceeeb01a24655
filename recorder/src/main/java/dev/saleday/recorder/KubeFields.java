package dev.saleday.recorder;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;

/** Reads of object state the recorder and chaos's actions share (chaos reads them through its own helpers). */
public final class KubeFields {

    /** The annotation a Deployment controller puts on each ReplicaSet: the rollout revision it belongs to. */
    public static final String REVISION_ANNOTATION = "deployment.kubernetes.io/revision";

    private KubeFields() {
    }

    /** @return whether the pod's Ready condition is True */
    public static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** @return whether the pod is being deleted (it has a deletion timestamp) */
    public static boolean isTerminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    /** @return the pod's labels, empty when it has none */
    public static Map<String, String> labels(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    /** @return the node the pod is bound to, or null before it is scheduled */
    public static String node(Pod pod) {
        return pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    }
}
