package dev.saleday.chaos;

import dev.saleday.plan.Plan;
import io.fabric8.kubernetes.client.KubernetesClient;

import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * What an action may use while it prepares and applies.
 *
 * @param namespace         the namespace it acts in (checked against the allowlist)
 * @param allowedNamespaces every namespace faults may touch (node-drain evicts only pods in these)
 * @param stopped           true once the run aborts or closes: long actions (drain) stop early
 */
record ActionContext(KubernetesClient client, Plan plan, String namespace, List<String> allowedNamespaces,
                     BlastRadius blastRadius, ChaosOptions options, BooleanSupplier stopped,
                     LongSupplier clockMillis) {

    String deployment(String named) {
        return named != null ? named : plan.target().deployment();
    }

    boolean allowBelowPdb() {
        return plan.guards() != null && plan.guards().allowBelowPdb();
    }

    /** The target's pods: those its Deployment selects, or else those this fault's selector matches. */
    int targetPods(int fallback) {
        String name = plan().target().deployment();
        if (name == null) {
            return fallback;
        }
        Deployment deployment = client().apps().deployments().inNamespace(namespace())
                .withName(name).get();
        if (deployment == null || deployment.getSpec().getSelector() == null
                || deployment.getSpec().getSelector().getMatchLabels() == null) {
            return fallback;
        }
        var labels = deployment.getSpec().getSelector().getMatchLabels();
        return (int) client().pods().inNamespace(namespace()).list().getItems().stream()
                .filter(p -> !Pods.isTerminating(p))
                .filter(p -> labels.entrySet().stream()
                        .allMatch(e -> e.getValue().equals(Pods.labels(p).get(e.getKey()))))
                .count();
    }

}
