package dev.saleday.plan.autoscaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The memory and arithmetic of an HPA's {@code behavior} (horizontal.go normalizeDesiredReplicasWithBehaviors):
 * stabilization over past recommendations, then the rate limits of the scale-up and scale-down policies, then
 * min/max. Holds one HPA's recommendations and scale events (as the real controller does, in memory). Pure in its
 * inputs (the times are given): the embedded cluster's HPA controller calls it at each sync, and the capacity
 * recommendation replays a scale-up through it, sync by sync.
 */
public final class Behavior {

    /** The decision and why it differs from the raw recommendation (a ScalingLimited or AbleToScale reason). */
    public record Decision(int replicas, String limitReason, String limitMessage, String stabilizedReason) {
    }

    private record Sample(Instant at, int replicas) {
    }

    private final Deque<Sample> recommendations = new ArrayDeque<>();
    private final Deque<Sample> scaleUps = new ArrayDeque<>();
    private final Deque<Sample> scaleDowns = new ArrayDeque<>();

    public Decision decide(Instant now, int current, int recommended, int minReplicas, int maxReplicas,
                           ScalingRules up, ScalingRules down) {
        // 1. stabilization
        int upRecommendation = recommended;
        int downRecommendation = recommended;
        for (Sample s : recommendations) {
            if (s.at().isAfter(now.minus(up.stabilizationWindow()))) {
                upRecommendation = Math.min(upRecommendation, s.replicas());
            }
            if (s.at().isAfter(now.minus(down.stabilizationWindow()))) {
                downRecommendation = Math.max(downRecommendation, s.replicas());
            }
        }
        recommendations.addLast(new Sample(now, recommended));
        Duration keep = max(up.stabilizationWindow(), down.stabilizationWindow());
        while (!recommendations.isEmpty() && recommendations.peekFirst().at().isBefore(now.minus(keep))) {
            recommendations.removeFirst();
        }
        int stabilized = current;
        if (stabilized < upRecommendation) {
            stabilized = upRecommendation;
        }
        if (stabilized > downRecommendation) {
            stabilized = downRecommendation;
        }
        String stabilizedReason = null;
        if (stabilized != recommended) {
            stabilizedReason = stabilized > recommended ? "ScaleDownStabilized" : "ScaleUpStabilized";
        }
        // 2. rate limits, then min/max
        int result;
        String reason = "DesiredWithinRange";
        String message = "the desired count is within the acceptable range";
        if (stabilized > current) {
            int limit = Math.max(current, scaleUpLimit(now, current, up));
            int allowed = Math.min(maxReplicas, limit);
            if (stabilized > allowed) {
                reason = allowed == maxReplicas ? "TooManyReplicas" : "ScaleUpLimit";
                message = allowed == maxReplicas ? "the desired replica count is more than the maximum replica count"
                        : "the desired replica count is increasing faster than the maximum scale rate";
                result = allowed;
            } else {
                result = stabilized;
            }
        } else if (stabilized < current) {
            int limit = Math.min(current, scaleDownLimit(now, current, down));
            int allowed = Math.max(minReplicas, limit);
            if (stabilized < allowed) {
                reason = allowed == minReplicas ? "TooFewReplicas" : "ScaleDownLimit";
                message = allowed == minReplicas ? "the desired replica count is less than the minimum replica count"
                        : "the desired replica count is decreasing faster than the maximum scale rate";
                result = allowed;
            } else {
                result = stabilized;
            }
        } else {
            result = stabilized;
        }
        if (result > maxReplicas) {
            result = maxReplicas;
            reason = "TooManyReplicas";
            message = "the desired replica count is more than the maximum replica count";
        } else if (result < minReplicas) {
            result = minReplicas;
            reason = "TooFewReplicas";
            message = "the desired replica count is less than the minimum replica count";
        }
        return new Decision(result, reason, message, stabilizedReason);
    }

    /** Records an actual rescale, which the rate limits of the following periods count. */
    public void scaled(Instant now, int from, int to) {
        if (to > from) {
            scaleUps.addLast(new Sample(now, to - from));
        } else if (to < from) {
            scaleDowns.addLast(new Sample(now, from - to));
        }
        Instant horizon = now.minus(Duration.ofHours(1));
        scaleUps.removeIf(s -> s.at().isBefore(horizon));
        scaleDowns.removeIf(s -> s.at().isBefore(horizon));
    }

    private int scaleUpLimit(Instant now, int current, ScalingRules rules) {
        if (rules.disabled()) {
            return current;
        }
        boolean min = "Min".equals(rules.selectPolicy());
        int result = min ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        for (ScalingRules.Policy policy : rules.policies()) {
            int periodStart = periodStartReplicas(now, current, policy);
            int limit = policy.type().equals("Pods") ? periodStart + policy.value()
                    : (int) Math.ceil(periodStart * (1 + policy.value() / 100.0));
            result = min ? Math.min(result, limit) : Math.max(result, limit);
        }
        return result;
    }

    private int scaleDownLimit(Instant now, int current, ScalingRules rules) {
        if (rules.disabled()) {
            return current;
        }
        boolean min = "Min".equals(rules.selectPolicy());
        int result = min ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (ScalingRules.Policy policy : rules.policies()) {
            int periodStart = periodStartReplicas(now, current, policy);
            int limit = policy.type().equals("Pods") ? periodStart - policy.value()
                    : (int) (periodStart * (1 - policy.value() / 100.0));
            result = min ? Math.max(result, limit) : Math.min(result, limit);
        }
        return result;
    }

    /**
     * The replicas at the start of the policy's period, counting changes of both directions, as horizontal.go's
     * calculateScaleUpLimitWithScalingRules and calculateScaleDownLimitWithBehaviors do:
     * {@code periodStartReplicas := currentReplicas - replicasAddedInCurrentPeriod + replicasDeletedInCurrentPeriod},
     * each summed over the events strictly after now - periodSeconds (getReplicasChangePerPeriod).
     */
    private int periodStartReplicas(Instant now, int current, ScalingRules.Policy policy) {
        Instant cutoff = now.minus(policy.period());
        return current - sumSince(scaleUps, cutoff) + sumSince(scaleDowns, cutoff);
    }

    private static int sumSince(Deque<Sample> events, Instant since) {
        int sum = 0;
        for (Sample s : events) {
            if (s.at().isAfter(since)) {
                sum += s.replicas();
            }
        }
        return sum;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
