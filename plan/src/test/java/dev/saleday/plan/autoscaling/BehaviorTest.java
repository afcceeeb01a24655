package dev.saleday.plan.autoscaling;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BehaviorTest {

    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void defaultScaleUpIsTheLargerOfFourPodsOrDoubling() {
        Behavior behavior = new Behavior();
        var decision = behavior.decide(T0, 2, 20, 1, 50, ScalingRules.defaultScaleUp(), ScalingRules.defaultScaleDown());
        assertThat(decision.replicas()).isEqualTo(6);
        assertThat(decision.limitReason()).isEqualTo("ScaleUpLimit");
        behavior.scaled(T0, 2, 6);
        // within the same 15 s period the limit is counted from the period's start (2): still 6
        assertThat(behavior.decide(T0.plusSeconds(5), 6, 20, 1, 50, ScalingRules.defaultScaleUp(),
                ScalingRules.defaultScaleDown()).replicas()).isEqualTo(6);
        // a new period: 12
        assertThat(behavior.decide(T0.plusSeconds(16), 6, 20, 1, 50, ScalingRules.defaultScaleUp(),
                ScalingRules.defaultScaleDown()).replicas()).isEqualTo(12);
    }

    @Test
    void scaleDownWaitsForTheStabilizationWindow() {
        ScalingRules down = new ScalingRules(Duration.ofSeconds(30), ScalingRules.defaultScaleDown().policies(), "Max");
        Behavior behavior = new Behavior();
        assertThat(behavior.decide(T0, 6, 6, 1, 10, ScalingRules.defaultScaleUp(), down).replicas()).isEqualTo(6);
        var held = behavior.decide(T0.plusSeconds(10), 6, 2, 1, 10, ScalingRules.defaultScaleUp(), down);
        assertThat(held.replicas()).isEqualTo(6);
        assertThat(held.stabilizedReason()).isEqualTo("ScaleDownStabilized");
        assertThat(behavior.decide(T0.plusSeconds(31), 6, 2, 1, 10, ScalingRules.defaultScaleUp(), down).replicas())
                .isEqualTo(2);
    }

    @Test
    void podsPolicyLimitsScaleDownAndMinMaxClamp() {
        ScalingRules down = new ScalingRules(Duration.ZERO, List.of(new ScalingRules.Policy("Pods", 1,
                Duration.ofSeconds(60))), "Max");
        Behavior behavior = new Behavior();
        var first = behavior.decide(T0, 5, 1, 2, 10, ScalingRules.defaultScaleUp(), down);
        assertThat(first.replicas()).isEqualTo(4);
        assertThat(first.limitReason()).isEqualTo("ScaleDownLimit");
        behavior.scaled(T0, 5, 4);
        assertThat(behavior.decide(T0.plusSeconds(30), 4, 1, 2, 10, ScalingRules.defaultScaleUp(), down).replicas())
                .isEqualTo(4);
        var clamped = new Behavior().decide(T0, 3, 30, 1, 8, ScalingRules.defaultScaleUp(), down);
        assertThat(clamped.replicas()).isEqualTo(7); // +4 pods per period beats +100 % (6)
        var max = new Behavior().decide(T0, 6, 30, 1, 8, ScalingRules.defaultScaleUp(), down);
        assertThat(max.replicas()).isEqualTo(8);
        assertThat(max.limitReason()).isEqualTo("TooManyReplicas");
    }

    @Test
    void policyPeriodsCountTheChangesOfBothDirections() {
        // horizontal.go: periodStartReplicas = current - added + deleted in the period, for either direction
        ScalingRules fourPodsAMinute = new ScalingRules(Duration.ZERO,
                List.of(new ScalingRules.Policy("Pods", 4, Duration.ofSeconds(60))), "Max");
        Behavior afterScaleDown = new Behavior();
        afterScaleDown.scaled(T0, 10, 6);
        // the period started at 10 replicas: up to 14, not 6 + 4
        assertThat(afterScaleDown.decide(T0.plusSeconds(5), 6, 20, 1, 50, fourPodsAMinute, fourPodsAMinute)
                .replicas()).isEqualTo(14);

        ScalingRules twoPodsAMinute = new ScalingRules(Duration.ZERO,
                List.of(new ScalingRules.Policy("Pods", 2, Duration.ofSeconds(60))), "Max");
        Behavior afterScaleUp = new Behavior();
        afterScaleUp.scaled(T0, 2, 6);
        // the period started at 2 replicas: down to 0 is allowed (then minReplicas 1), not only 6 - 2
        assertThat(afterScaleUp.decide(T0.plusSeconds(5), 6, 1, 1, 50, twoPodsAMinute, twoPodsAMinute).replicas())
                .isEqualTo(1);
    }
}
