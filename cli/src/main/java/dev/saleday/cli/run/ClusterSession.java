package dev.saleday.cli.run;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;

/** A cluster a run talks to: the embedded one it started, or one reached through a kubeconfig. */
public interface ClusterSession extends AutoCloseable {

    KubernetesClient client();

    /** The kubeconfig context in use (checked against guards.allowContexts before any call). */
    String context();

    /** Base URL of the model for the load and the prober; null when unknown (a dry run needs none). */
    URI targetUrl();

    /** Stops what the session started (the embedded cluster and its pods); idempotent. */
    @Override
    void close();
}
