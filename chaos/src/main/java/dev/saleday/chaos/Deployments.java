package dev.saleday.chaos;

import dev.saleday.plan.LabelSelector;
import dev.saleday.recorder.KubeFields;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.OptionalInt;

/** Deployment reads and writes shared by rollout, rollback and config-change. */
final class Deployments {

    static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";
    static final String REVISION = KubeFields.REVISION_ANNOTATION;

    private Deployments() {
    }

    static Deployment require(KubernetesClient client, String namespace, String name) {
        if (name == null) {
            throw new ChaosActionException("no deployment named, and the plan's target has none");
        }
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
        if (deployment == null) {
            throw new ChaosActionException("Deployment/" + name + " not found in namespace " + namespace);
        }
        return deployment;
    }

    /** As {@code kubectl rollout restart}: a template annotation with the time (RFC 3339), so the pods roll. */
    static void restart(KubernetesClient client, String namespace, String name, long nowMillis) {
        String at = Instant.ofEpochMilli(nowMillis).truncatedTo(ChronoUnit.SECONDS).toString();
        client.apps().deployments().inNamespace(namespace).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\""
                        + RESTARTED_AT + "\":\"" + at + "\"}}}}}");
    }

    /**
     * @return the replicas the Deployments whose pods match the selector ask for now, summed; empty when no
     *         Deployment's pod template matches it (bare pods, other controllers)
     */
    static OptionalInt replicasOfPodsMatching(KubernetesClient client, String namespace,
                                                LabelSelector selector) {
        int replicas = 0;
        boolean any = false;
        for (Deployment deployment : client.apps().deployments().inNamespace(namespace).list().getItems()) {
            var template = deployment.getSpec().getTemplate().getMetadata();
            if (template != null && template.getLabels() != null && selector.matches(template.getLabels())) {
                any = true;
                replicas += deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
            }
        }
        return any ? OptionalInt.of(replicas) : OptionalInt.empty();
    }
}
