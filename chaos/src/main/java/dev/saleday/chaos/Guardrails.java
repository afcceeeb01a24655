package dev.saleday.chaos;

import dev.saleday.plan.Guards;
import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanDefaults;

import java.util.List;

/**
 * The static rails, checked before any call reaches a cluster: the kubeconfig context must be allowed, the
 * namespace must be allowed and never kube-system or kube-public.
 */
public final class Guardrails {

    /** The context allowed when a plan lists none. */

    private Guardrails() {
    }

    /**
     * @param contextName the kubeconfig context the client was built from (see {@link KubeconfigContext#resolve})
     * @throws ChaosRefusedException naming the rule that refused
     */
    public static void check(Plan plan, String contextName) {
        checkContext(contextName, plan.guards());
        checkNamespace(plan.target().namespace(), plan);
    }

    public static List<String> allowedContexts(Guards guards) {
        return guards == null || guards.allowContexts().isEmpty() ? List.of(PlanDefaults.LOCAL_CONTEXT) : guards.allowContexts();
    }

    public static List<String> allowedNamespaces(Plan plan) {
        Guards guards = plan.guards();
        List<String> listed = guards == null || guards.allowNamespaces().isEmpty()
                ? List.of(plan.target().namespace()) : guards.allowNamespaces();
        return listed.stream().filter(ns -> !Guards.FORBIDDEN_NAMESPACES.contains(ns)).toList();
    }

    public static void checkContext(String contextName, Guards guards) {
        List<String> allowed = allowedContexts(guards);
        if (contextName == null || !allowed.contains(contextName)) {
            throw new ChaosRefusedException("kubeconfig context '" + contextName + "' is not in guards.allowContexts "
                    + allowed + ": refusing to touch that cluster (add it to the plan's guards.allowContexts)");
        }
    }

    public static void checkNamespace(String namespace, Plan plan) {
        refuseForbiddenNamespace(namespace);
        List<String> allowed = allowedNamespaces(plan);
        if (!allowed.contains(namespace)) {
            throw new ChaosRefusedException("namespace '" + namespace + "' is not in guards.allowNamespaces "
                    + allowed + ": refusing to inject faults there");
        }
    }

    public static void refuseForbiddenNamespace(String namespace) {
        if (namespace == null || Guards.FORBIDDEN_NAMESPACES.contains(namespace)) {
            throw new ChaosRefusedException("namespace '" + namespace + "' is never a chaos target (forbidden: "
                    + Guards.FORBIDDEN_NAMESPACES + ")");
        }
    }
}
