package dev.saleday.plan;

import java.net.URI;

/**
 * The system under test.
 *
 * @param cluster    where it runs: the embedded cluster, or a cluster reached through a kubeconfig
 * @param namespace  the namespace of the model's objects (also the default and only namespace faults may touch)
 * @param deployment the model's Deployment: default target of rollout, scale and rollback faults
 * @param container  the model's container in that Deployment (for rollouts)
 * @param service    the model's Service: the load goes through it
 * @param manifests  local cluster only: a kustomize folder or YAML file applied at start; null when absent
 * @param kubeconfig kubeconfig cluster only: the kubeconfig file; null means the default ($KUBECONFIG or ~/.kube/config)
 * @param context    kubeconfig cluster only: the context to use; null means the kubeconfig's current context
 * @param url        the base URL the load and the prober use; null means the Service's URL as the cluster gives it
 * @param nodes      local cluster only: its nodes (capacity, autoscaler, node lifecycle); null elsewhere
 */
public record Target(
        ClusterKind cluster,
        String namespace,
        String deployment,
        String container,
        String service,
        String manifests,
        String kubeconfig,
        String context,
        URI url,
        LocalNodes nodes) {

    /** A target whose nodes are the embedded cluster's defaults (or a kubeconfig cluster's own). */
    public Target(ClusterKind cluster, String namespace, String deployment, String container, String service,
                  String manifests, String kubeconfig, String context, URI url) {
        this(cluster, namespace, deployment, container, service, manifests, kubeconfig, context, url,
                cluster == ClusterKind.LOCAL ? LocalNodes.defaults() : null);
    }

    public enum ClusterKind {
        /** localkube: started by saleday, manifests applied at start. */
        LOCAL,
        /** Any conformant cluster reached through a kubeconfig. */
        KUBECONFIG
    }
}
