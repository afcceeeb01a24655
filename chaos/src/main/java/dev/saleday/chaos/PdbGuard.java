package dev.saleday.chaos;

import dev.saleday.plan.LabelSelector;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether deleting pods keeps every PodDisruptionBudget that selects them: ready pods left >= minAvailable, and
 * unavailable pods <= maxUnavailable. Computed from the pods themselves (not status.disruptionsAllowed), so it
 * holds on any API server and for several pods killed at once.
 */
final class PdbGuard {

    private final List<PodDisruptionBudget> budgets;
    private final List<Pod> pods;
    private final List<Pod> chosen = new ArrayList<>();

    PdbGuard(List<PodDisruptionBudget> budgets, List<Pod> pods) {
        this.budgets = List.copyOf(budgets);
        this.pods = List.copyOf(pods);
    }

    /** @return null when the pod may go too (and remembers it), or the budget's rule it would break */
    String admit(Pod candidate) {
        for (PodDisruptionBudget pdb : budgets) {
            if (!selects(pdb, candidate)) {
                continue;
            }
            List<Pod> covered = pods.stream().filter(p -> !Pods.isTerminating(p) && selects(pdb, p)).toList();
            int expected = covered.size();
            long readyAfter = covered.stream().filter(Pods::isReady)
                    .filter(p -> p != candidate && !chosen.contains(p)).count();
            long unavailableAfter = expected - readyAfter;
            IntOrString minAvailable = pdb.getSpec().getMinAvailable();
            IntOrString maxUnavailable = pdb.getSpec().getMaxUnavailable();
            if (minAvailable != null && readyAfter < resolve(minAvailable, expected)) {
                return "PodDisruptionBudget/" + pdb.getMetadata().getName() + " minAvailable " + text(minAvailable)
                        + " (" + readyAfter + " ready would be left)";
            }
            if (maxUnavailable != null && unavailableAfter > resolve(maxUnavailable, expected)) {
                return "PodDisruptionBudget/" + pdb.getMetadata().getName() + " maxUnavailable "
                        + text(maxUnavailable) + " (" + unavailableAfter + " would be unavailable)";
            }
        }
        chosen.add(candidate);
        return null;
    }

    private static String text(IntOrString value) {
        return value.getIntVal() != null ? value.getIntVal().toString() : value.getStrVal();
    }

    /** A percentage is rounded up, for both bounds, as the disruption controller does. */
    static int resolve(IntOrString value, int total) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String text = value.getStrVal().trim();
        if (text.endsWith("%")) {
            double fraction = Double.parseDouble(text.substring(0, text.length() - 1)) / 100;
            return (int) Math.ceil(fraction * total - 1e-9);
        }
        return Integer.parseInt(text);
    }

    /** Whether the budget's selector selects the pod; a budget without a selector, or with one unreadable, none. */
    static boolean selects(PodDisruptionBudget pdb, Pod pod) {
        io.fabric8.kubernetes.api.model.LabelSelector selector = pdb.getSpec().getSelector();
        if (selector == null) {
            return false;
        }
        List<LabelSelectorRequirement> written = selector.getMatchExpressions() == null ? List.of()
                : selector.getMatchExpressions();
        try {
            return LabelSelector.of(selector.getMatchLabels(), written.stream()
                    .map(r -> new LabelSelector.Expression(r.getKey(), r.getOperator(), r.getValues())).toList())
                    .matches(Pods.labels(pod));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
