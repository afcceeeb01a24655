package dev.saleday.plan.autoscaling;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One direction of a HorizontalPodAutoscaler's {@code spec.behavior} (autoscaling/v2 {@code HPAScalingRules}): a
 * stabilization window, policies and how one is picked. The one home of this rule: the embedded cluster's HPA
 * controller decides with it ({@link Behavior}) and the capacity recommendation replays a scale-up with it. The HPA
 * controller syncs every {@link #SYNC_PERIOD} (kube-controller-manager's
 * {@code --horizontal-pod-autoscaler-sync-period}).
 *
 * @param stabilizationWindow the window over which past recommendations hold the change back
 * @param policies            the policies (none only when {@code selectPolicy} is Disabled)
 * @param selectPolicy        {@code Max}, {@code Min} or {@code Disabled}; null is Kubernetes' default, Max
 */
public record ScalingRules(Duration stabilizationWindow, List<Policy> policies, String selectPolicy) {

    /** The HPA controller's sync period. */
    public static final Duration SYNC_PERIOD = Duration.ofSeconds(15);

    /**
     * @param type   {@code Pods} or {@code Percent}
     * @param value  pods, or percent of the replicas at the period's start
     * @param period the window the policy's changes are counted over
     */
    public record Policy(String type, int value, Duration period) {
        public Policy {
            if (!"Pods".equals(type) && !"Percent".equals(type)) {
                throw new IllegalArgumentException("a scaling policy's type must be Pods or Percent, got " + type);
            }
            if (value < 1 || period == null || period.toSeconds() < 1) {
                throw new IllegalArgumentException("a scaling policy's value and periodSeconds must be >= 1, got "
                        + value + " and " + (period == null ? null : period.toSeconds()));
            }
        }

        /** @return e.g. {@code +4 pods per 15 s} or {@code +100 % per 15 s} */
        public String describe() {
            return (type.equals("Pods") ? "+" + value + " pods" : "+" + value + " %") + " per " + period.toSeconds()
                    + " s";
        }
    }

    public ScalingRules {
        policies = List.copyOf(policies);
        selectPolicy = selectPolicy == null ? "Max" : selectPolicy;
        if (!List.of("Max", "Min", "Disabled").contains(selectPolicy)) {
            throw new IllegalArgumentException("selectPolicy must be Max, Min or Disabled, got " + selectPolicy);
        }
        if (stabilizationWindow == null || stabilizationWindow.isNegative()) {
            throw new IllegalArgumentException("the stabilization window must be >= 0 s, got " + stabilizationWindow);
        }
        if (policies.isEmpty() && !"Disabled".equals(selectPolicy)) {
            throw new IllegalArgumentException("scaling rules need a policy unless selectPolicy is Disabled");
        }
    }

    /** Kubernetes' default scale-up: no window, the larger of +4 pods or +100 % per 15 s. */
    public static ScalingRules defaultScaleUp() {
        return new ScalingRules(Duration.ZERO, List.of(new Policy("Pods", 4, Duration.ofSeconds(15)),
                new Policy("Percent", 100, Duration.ofSeconds(15))), "Max");
    }

    /** Kubernetes' default scale-down: a 300 s window, up to -100 % per 15 s. */
    public static ScalingRules defaultScaleDown() {
        return new ScalingRules(Duration.ofSeconds(300), List.of(new Policy("Percent", 100, Duration.ofSeconds(15))),
                "Max");
    }

    /**
     * An HPA's rules for one direction as its spec gives them, defaulted field by field as the API server does: an
     * unset window, an unset or empty policy list and an unset selectPolicy are taken from {@code defaults}.
     *
     * @param stabilizationWindowSeconds the spec's {@code stabilizationWindowSeconds}, null when unset
     * @param policies                   the spec's policies, null or empty when unset
     * @param selectPolicy               the spec's {@code selectPolicy}, null when unset
     * @param defaults                   {@link #defaultScaleUp()} or {@link #defaultScaleDown()}
     */
    public static ScalingRules of(Integer stabilizationWindowSeconds, List<Policy> policies, String selectPolicy,
                                  ScalingRules defaults) {
        return new ScalingRules(stabilizationWindowSeconds == null ? defaults.stabilizationWindow()
                : Duration.ofSeconds(stabilizationWindowSeconds),
                policies == null || policies.isEmpty() ? defaults.policies() : policies,
                selectPolicy == null ? defaults.selectPolicy() : selectPolicy);
    }

    public boolean disabled() {
        return "Disabled".equals(selectPolicy);
    }

    /** @return e.g. {@code max(+4 pods per 15 s, +100 % per 15 s), window 0 s}, or {@code scale-up disabled} */
    public String describeScaleUp() {
        if (disabled()) {
            return "scale-up disabled";
        }
        return selectPolicy.toLowerCase(Locale.ROOT) + "(" + policies.stream().map(Policy::describe)
                .collect(Collectors.joining(", ")) + "), window " + stabilizationWindow.toSeconds() + " s";
    }
}
