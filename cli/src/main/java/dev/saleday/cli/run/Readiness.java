package dev.saleday.cli.run;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

/** Whether a Deployment's rollout is complete, as {@code kubectl rollout status} decides it. */
final class Readiness {

    private Readiness() {
    }

    static boolean complete(Deployment deployment) {
        DeploymentStatus status = deployment.getStatus();
        if (status == null) {
            return false;
        }
        int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        long generation = deployment.getMetadata().getGeneration() == null ? 0 : deployment.getMetadata().getGeneration();
        long observed = status.getObservedGeneration() == null ? -1 : status.getObservedGeneration();
        return observed >= generation && value(status.getUpdatedReplicas()) >= desired
                && value(status.getAvailableReplicas()) >= desired && value(status.getReplicas()) == desired;
    }

    /** @return ready/desired, e.g. {@code 3/4}; {@code ?/?} when unknown */
    static String readyOfDesired(Deployment deployment) {
        if (deployment == null) {
            return "?/?";
        }
        Integer desired = deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
        int ready = deployment.getStatus() == null ? 0 : value(deployment.getStatus().getReadyReplicas());
        return ready + "/" + (desired == null ? "?" : desired);
    }

    static String describe(Deployment deployment) {
        DeploymentStatus status = deployment.getStatus();
        return status == null ? "no status" : "replicas " + value(status.getReplicas()) + ", updated "
                + value(status.getUpdatedReplicas()) + ", available " + value(status.getAvailableReplicas());
    }

    private static int value(Integer value) {
        return value == null ? 0 : value;
    }
}
