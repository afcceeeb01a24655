package dev.saleday.cli.run;

import dev.saleday.chaos.ChaosRefusedException;
import dev.saleday.chaos.Guardrails;
import dev.saleday.chaos.KubeconfigContext;
import dev.saleday.cli.input.InvalidInputException;
import dev.saleday.plan.Plan;
import dev.saleday.plan.Target;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** A running cluster reached through a kubeconfig: the context is checked against the allowlist before any call. */
final class KubeconfigClusterSession implements ClusterSession {

    private final KubernetesClient client;
    private final String context;
    private final URI targetUrl;

    private KubeconfigClusterSession(KubernetesClient client, String context, URI targetUrl) {
        this.client = client;
        this.context = context;
        this.targetUrl = targetUrl;
    }

    /**
     * Resolves the context from the kubeconfig file alone, refuses it unless guards.allowContexts lists it, then
     * builds a client; nothing is sent to the cluster before the check.
     *
     * @throws InvalidInputException when the kubeconfig or context is refused
     */
    static KubeconfigClusterSession connect(Plan plan, boolean needUrl) {
        Target target = plan.target();
        if (needUrl && target.url() == null) {
            throw new InvalidInputException("target.url is needed for a kubeconfig target: the base URL the load and"
                    + " the prober reach the model at (an Ingress or LoadBalancer)");
        }
        String context;
        try {
            Path kubeconfig = target.kubeconfig() == null ? null : Path.of(target.kubeconfig());
            context = KubeconfigContext.resolve(kubeconfig, target.context());
            Guardrails.checkContext(context, plan.guards());
            return new KubeconfigClusterSession(KubeconfigContext.open(kubeconfig, context), context, target.url());
        } catch (ChaosRefusedException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
    }

    /** Waits until the target Deployment's rollout is complete (polling, with a deadline). */
    void awaitReady(Plan plan, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Deployment last = null;
        while (System.nanoTime() < deadline) {
            last = client.apps().deployments().inNamespace(plan.target().namespace())
                    .withName(plan.target().deployment()).get();
            if (last != null && Readiness.complete(last)) {
                return;
            }
            try {
                Thread.sleep(500); // polling the API server, not standing in for a condition
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the Deployment", e);
            }
        }
        throw new InvalidInputException("Deployment " + plan.target().namespace() + "/" + plan.target().deployment()
                + (last == null ? " does not exist" : " is not ready after " + timeout.toSeconds() + " s: "
                + Readiness.describe(last)));
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public String context() {
        return context;
    }

    @Override
    public URI targetUrl() {
        return targetUrl;
    }

    @Override
    public void close() {
        client.close();
    }
}
