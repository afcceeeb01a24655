package dev.saleday.chaos;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads which context a kubeconfig selects, from the file alone (no call to any cluster), and builds a client for
 * exactly that context. {@link #openChecked} is the way in: it refuses an unlisted context before a client exists.
 */
public final class KubeconfigContext {

    private KubeconfigContext() {
    }

    /**
     * @param kubeconfig the kubeconfig file; null means $KUBECONFIG's first file or ~/.kube/config
     * @param requested  the context to use; null means the kubeconfig's current-context
     * @return the name of the context that would be used
     * @throws ChaosRefusedException when the file is missing, or the context is not defined in it
     */
    public static String resolve(Path kubeconfig, String requested) {
        Path file = file(kubeconfig);
        if (!Files.isRegularFile(file)) {
            throw new ChaosRefusedException("kubeconfig " + file + " does not exist");
        }
        io.fabric8.kubernetes.api.model.Config parsed = KubeConfigUtils.parseConfig(file.toFile());
        String name = requested != null ? requested : parsed.getCurrentContext();
        if (name == null || name.isBlank()) {
            throw new ChaosRefusedException("kubeconfig " + file + " has no current-context; name one with --context");
        }
        boolean defined = parsed.getContexts() != null
                && parsed.getContexts().stream().map(NamedContext::getName).anyMatch(name::equals);
        if (!defined) {
            throw new ChaosRefusedException("context '" + name + "' is not defined in " + file);
        }
        return name;
    }

    /**
     * Checks the context against the allowlist, then builds a client for it. No request is sent here.
     */
    public static KubernetesClient openChecked(Path kubeconfig, String requested, dev.saleday.plan.Guards guards) {
        String context = resolve(kubeconfig, requested);
        Guardrails.checkContext(context, guards);
        return open(kubeconfig, context);
    }

    /** Builds a client for a context (unchecked: callers check it first). */
    public static KubernetesClient open(Path kubeconfig, String context) {
        Path file = file(kubeconfig);
        try {
            Config config = Config.fromKubeconfig(context, Files.readString(file), file.toString());
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (java.io.IOException e) {
            throw new ChaosRefusedException("cannot read kubeconfig " + file + ": " + e.getMessage());
        }
    }

    static Path file(Path kubeconfig) {
        if (kubeconfig != null) {
            return kubeconfig;
        }
        String env = System.getenv("KUBECONFIG");
        if (env != null && !env.isBlank()) {
            return Path.of(env.split(File.pathSeparator)[0]);
        }
        return Path.of(System.getProperty("user.home"), ".kube", "config");
    }
}
