package dev.saleday.localkube.hpa;

import dev.saleday.localkube.controllers.hpa.PodSample;
import dev.saleday.localkube.controllers.hpa.ReplicaCalculator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;

import static dev.saleday.localkube.controllers.hpa.ReplicaCalculator.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicaCalculatorTest {

    private static final double TOLERANCE = ReplicaCalculator.DEFAULT_TOLERANCE;

    @Test
    void scalesByTheRatioRoundedUp() {
        // 3 pods at 90 % of a 100m request, target 50 %: ceil(3 * 1.8) = 6
        var result = ReplicaCalculator.cpuReplicas(3, List.of(pod("a", true, 90, 100), pod("b", true, 90, 100),
                pod("c", true, 90, 100)), 50, TOLERANCE);
        assertThat(result.replicas()).isEqualTo(6);
        assertThat(result.utilizationPercent()).isEqualTo(90);
    }

    @Test
    void withinTenPercentNothingChanges() {
        var result = ReplicaCalculator.cpuReplicas(2, List.of(pod("a", true, 54, 100), pod("b", true, 54, 100)), 50,
                TOLERANCE);
        assertThat(result.replicas()).isEqualTo(2);
        var outside = ReplicaCalculator.cpuReplicas(2, List.of(pod("a", true, 56, 100), pod("b", true, 56, 100)), 50,
                TOLERANCE);
        assertThat(outside.replicas()).isEqualTo(3);
    }

    @Test
    void scalesDown() {
        var result = ReplicaCalculator.cpuReplicas(4, List.of(pod("a", true, 10, 100), pod("b", true, 10, 100),
                pod("c", true, 10, 100), pod("d", true, 10, 100)), 50, TOLERANCE);
        assertThat(result.replicas()).isEqualTo(1);
    }

    @Test
    void unreadyPodsCountAsIdleWhenScalingUp() {
        // ready pods alone: 100 % vs 50 % -> x2; with the unready pod at 0 %: (100+100+0)/300 = 66 % -> ratio 1.33
        var result = ReplicaCalculator.cpuReplicas(3, List.of(pod("a", true, 100, 100), pod("b", true, 100, 100),
                pod("c", false, 100, 100)), 50, TOLERANCE);
        assertThat(result.replicas()).isEqualTo(4);
    }

    @Test
    void missingPodsCountAsFullWhenScalingDownAndMayCancelIt() {
        // measured: 20 % vs 50 %; the missing pod at 100 %: (20+100)/200 = 60 % -> ratio 1.2: direction flips, no change
        var result = ReplicaCalculator.cpuReplicas(2, List.of(pod("a", true, 20, 100),
                new PodSample("b", true, OptionalDouble.empty(), 100)), 50, TOLERANCE);
        assertThat(result.replicas()).isEqualTo(2);
    }

    @Test
    void noMeasurementOrNoRequestIsAnError() {
        assertThatThrownBy(() -> ReplicaCalculator.cpuReplicas(1, List.of(new PodSample("a", true,
                OptionalDouble.empty(), 100)), 50, TOLERANCE)).hasMessageContaining("did not receive metrics");
        assertThatThrownBy(() -> ReplicaCalculator.cpuReplicas(1, List.of(pod("a", true, 10, 0)), 50, TOLERANCE))
                .hasMessageContaining("missing request for cpu");
    }

    @Test
    void theUtilisationIsTruncatedToAWholePercentBeforeTheRatio() {
        // 3 pods at 100.5 % of a 100m request, target 50 %: Kubernetes takes 100 % (int32 truncation), ratio 2.0,
        // ceil(3 * 2.0) = 6; the unrounded ratio 2.01 would give ceil(6.03) = 7
        var result = ReplicaCalculator.cpuReplicas(3, List.of(pod("a", true, 100.5, 100), pod("b", true, 100.5, 100),
                pod("c", true, 100.5, 100)), 50, TOLERANCE);
        assertThat(result.replicas()).isEqualTo(6);
        assertThat(result.utilizationPercent()).isEqualTo(100);
    }
}
