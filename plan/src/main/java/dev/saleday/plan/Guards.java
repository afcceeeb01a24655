package dev.saleday.plan;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Safety rails for the faults.
 *
 * @param allowNamespaces namespaces faults may touch (default: the target's namespace only); kube-system and
 *                        kube-public are refused whatever this says
 * @param allowContexts   kubeconfig contexts saleday may talk to (default: {@code saleday-local}); an unlisted
 *                        context is refused before any call
 * @param maxPodsKilled   the most pods all faults together may kill, of the target's pods at that moment
 * @param allowBelowPdb   whether a fault may take ready replicas below a PodDisruptionBudget's minAvailable
 * @param abortWhen       stop injecting and undo when the prober's errors stay high; null = never abort
 */
public record Guards(
        List<String> allowNamespaces,
        List<String> allowContexts,
        Count maxPodsKilled,
        boolean allowBelowPdb,
        AbortWhen abortWhen) {

    public static final List<String> FORBIDDEN_NAMESPACES = List.of("kube-system", "kube-public");

    public Guards {
        allowNamespaces = List.copyOf(allowNamespaces);
        allowContexts = List.copyOf(allowContexts);
    }

    /** @return why saleday may not talk to the kubeconfig context, or empty when the rails allow it */
    public Optional<String> refusesContext(String context) {
        return refusesContext(allowContexts, context);
    }

    static Optional<String> refusesContext(List<String> allowContexts, String context) {
        return allowContexts.contains(context) ? Optional.empty() : Optional.of("context '" + context
                + "' is not in guards.allowContexts " + allowContexts + "; add it there to let saleday use it");
    }

    /**
     * @param errorRate the prober's error rate (a fraction) above which the guard counts
     * @param holdFor   how long the rate must stay above it
     */
    public record AbortWhen(double errorRate, Duration holdFor) {
    }
}
