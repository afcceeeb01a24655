package dev.saleday.localkube.controllers.hpa;

import java.time.Duration;
import java.util.List;

/**
 * One direction of an HPA's {@code spec.behavior}: a stabilization window, policies and how to pick among them.
 *
 * @param selectPolicy Max, Min or Disabled
 */
public record ScalingRules(Duration stabilizationWindow, List<Policy> policies, String selectPolicy) {

    /** @param type Pods or Percent */
    public record Policy(String type, int value, Duration period) {
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
}
