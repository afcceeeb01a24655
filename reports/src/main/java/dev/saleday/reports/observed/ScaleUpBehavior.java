package dev.saleday.reports.observed;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An HPA's {@code spec.behavior.scaleUp} (autoscaling/v2), for the scale-up arithmetic of a
 * {@link CapacityRecommendation}: the stabilization window, the policies and how one is picked. The HPA controller
 * syncs every {@link #SYNC_SECONDS} s (kube-controller-manager's {@code --horizontal-pod-autoscaler-sync-period}).
 *
 * @param stabilizationWindowSeconds the scale-up stabilization window, s
 * @param policies                   the scale-up policies
 * @param selectPolicy               {@code Max}, {@code Min} or {@code Disabled}
 */
public record ScaleUpBehavior(int stabilizationWindowSeconds, List<Policy> policies, String selectPolicy) {

    /** The HPA controller's sync period, s. */
    public static final int SYNC_SECONDS = 15;

    /**
     * @param type          {@code Pods} or {@code Percent}
     * @param value         pods, or percent of the replicas at the period's start
     * @param periodSeconds the window the policy's change is counted over, s
     */
    public record Policy(String type, int value, int periodSeconds) {
        public Policy {
            if (!"Pods".equals(type) && !"Percent".equals(type)) {
                throw new IllegalArgumentException("a scale-up policy's type must be Pods or Percent, got " + type);
            }
            if (value < 1 || periodSeconds < 1) {
                throw new IllegalArgumentException("a scale-up policy's value and periodSeconds must be >= 1, got "
                        + value + " and " + periodSeconds);
            }
        }

        String describe() {
            return (type.equals("Pods") ? "+" + value + " pods" : "+" + value + " %") + " per " + periodSeconds + " s";
        }
    }

    public ScaleUpBehavior {
        policies = List.copyOf(policies);
        selectPolicy = selectPolicy == null ? "Max" : selectPolicy;
        if (!List.of("Max", "Min", "Disabled").contains(selectPolicy)) {
            throw new IllegalArgumentException("selectPolicy must be Max, Min or Disabled, got " + selectPolicy);
        }
        if (stabilizationWindowSeconds < 0) {
            throw new IllegalArgumentException("the stabilization window must be >= 0 s, got "
                    + stabilizationWindowSeconds);
        }
        if (policies.isEmpty() && !"Disabled".equals(selectPolicy)) {
            throw new IllegalArgumentException("a scale-up behaviour needs a policy unless selectPolicy is Disabled");
        }
    }

    /** Kubernetes' default for an HPA that sets no scale-up behaviour: no window, max(+100 %, +4 pods) per 15 s. */
    public static ScaleUpBehavior kubernetesDefault() {
        return new ScaleUpBehavior(0, List.of(new Policy("Percent", 100, 15), new Policy("Pods", 4, 15)), "Max");
    }

    /** @return e.g. {@code max(+100 % per 15 s, +4 pods per 15 s), window 0 s} */
    public String describe() {
        if ("Disabled".equals(selectPolicy)) {
            return "scale-up disabled";
        }
        return selectPolicy.toLowerCase(Locale.ROOT) + "(" + policies.stream().map(Policy::describe)
                .collect(Collectors.joining(", ")) + "), window " + stabilizationWindowSeconds + " s";
    }
}
