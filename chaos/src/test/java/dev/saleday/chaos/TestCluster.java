package dev.saleday.chaos;

import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.file.Path;

/**
 * An API server the chaos tests run against, reached through a kubeconfig, as any cluster is. Implementations:
 * {@link MockApiServer} (fabric8's CRUD mock: storage only, no controllers).
 */
interface TestCluster extends AutoCloseable {

    /** A kubeconfig whose context {@link TestPlans#CONTEXT} points at this server. */
    Path kubeconfig();

    /** A client built from {@link #kubeconfig()} through the production path. */
    default KubernetesClient client() {
        return KubeconfigContext.open(kubeconfig(), TestPlans.CONTEXT);
    }

    /** Whether controllers run (pods are replaced, ReplicaSets made, status kept). */
    boolean hasControllers();

    @Override
    void close();
}
