package dev.saleday.reports.observed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.saleday.plan.autoscaling.ScalingRules;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recommendation's arithmetic, with the seed's numbers: 10k req/s baseline, 100k req/s peak, HPA 5-100 at 70 %. */
class CapacityRecommendationTest {

    @Test
    void theSeedsHpaAtOneThousandRequestsAPodAtTarget() {
        CapacityRecommendation r = new CapacityRecommendation(1000, "measured", 70, 10_000, 100_000, 5, 100);
        assertThat(r.podsForBaseline()).isEqualTo(10);
        assertThat(r.podsForPeak()).isEqualTo(100);
        assertThat(r.minCoversBaseline()).isFalse();
        assertThat(r.maxCoversPeak()).isTrue();
        assertThat(r.peakHeadroom()).isZero();
        assertThat(r.baselineReplicas()).isEqualTo(10);
        // +max(100 %, 4) per 15 s: 10 -> 20 -> 40 -> 80 -> 100
        assertThat(r.scaleUpSteps()).containsExactly(20, 40, 80, 100);
        assertThat(r.scaleUpSeconds()).isEqualTo(60);
        assertThat(r.lines()).containsExactly(
                "one pod at the HPA's 70 % target: 1000.0 req/s (measured)",
                "baseline: ceil(10000 / 1000.0) = 10 pods; minReplicas 5 does not cover it: raise minReplicas to 10",
                "peak: ceil(100000 / 1000.0) = 100 pods; maxReplicas 100 covers it with 0 % headroom",
                "scale-up 10 -> 100 pods: 20 at 15 s, 40 at 30 s, 80 at 45 s, 100 at 60 s = 60 s (max(+4 pods per"
                        + " 15 s, +100 % per 15 s), window 0 s; a sync every 15 s)");
    }

    @Test
    void aSlowerPodNeedsMoreThanMaxReplicasAndSmallFleetsGrowByFour() {
        CapacityRecommendation r = new CapacityRecommendation(700, "measured", 70, 1_000, 100_000, 2, 100);
        assertThat(r.podsForBaseline()).isEqualTo(2); // ceil(1.43)
        assertThat(r.podsForPeak()).isEqualTo(143); // ceil(142.86)
        assertThat(r.maxCoversPeak()).isFalse();
        assertThat(r.minCoversBaseline()).isTrue();
        // 2 -> 6 (+4 beats +100 %) -> 12 -> 24 -> 48 -> 96 -> 100 (max)
        assertThat(r.scaleUpSteps()).containsExactly(6, 12, 24, 48, 96, 100);
        assertThat(r.scaleUpSeconds()).isEqualTo(90);
        assertThat(r.lines().get(2)).isEqualTo(
                "peak: ceil(100000 / 700.0) = 143 pods; maxReplicas 100 does not cover it: raise maxReplicas to at"
                        + " least 143");
        assertThat(new CapacityRecommendation(500, "m", 70, 100, 1000, 2, 10).peakHeadroom()).isEqualTo(4.0);
        assertThat(new CapacityRecommendation(500, "m", 70, 1000, 1000, 2, 10).scaleUpSteps()).isEqualTo(List.of());
    }

    /** A 60 s window and the smaller of +4 pods per 60 s and +100 % per 15 s: +4 pods a minute, from 60 s on. */
    @Test
    void aWindowAndTheMinPolicyHoldTheScaleUpBack() {
        ScalingRules slow = new ScalingRules(Duration.ofSeconds(60), List.of(new ScalingRules.Policy("Pods", 4,
                Duration.ofSeconds(60)), new ScalingRules.Policy("Percent", 100, Duration.ofSeconds(15))), "Min");
        CapacityRecommendation r = new CapacityRecommendation(1000, "m", 70, 10_000, 100_000, 5, 100, slow);
        List<CapacityRecommendation.ScaleUpStep> steps = r.scaleUpTimeline();
        assertThat(steps).hasSize(23);
        assertThat(steps.subList(0, 3)).containsExactly(new CapacityRecommendation.ScaleUpStep(60, 14),
                new CapacityRecommendation.ScaleUpStep(120, 18), new CapacityRecommendation.ScaleUpStep(180, 22));
        assertThat(steps.get(21)).isEqualTo(new CapacityRecommendation.ScaleUpStep(1320, 98));
        assertThat(steps.get(22)).isEqualTo(new CapacityRecommendation.ScaleUpStep(1380, 100));
        assertThat(r.scaleUpSeconds()).isEqualTo(1380);
        assertThat(r.lines().get(3)).startsWith("scale-up 10 -> 100 pods: 14 at 60 s, 18 at 120 s,")
                .endsWith("100 at 1380 s = 1380 s (min(+4 pods per 60 s, +100 % per 15 s), window 60 s; a sync every"
                        + " 15 s)");
    }

    /** The local overlay's HPA: +100 % or +2 pods per 5 s; each 15 s sync sees a full period gone. */
    @Test
    void periodsShorterThanTheSyncCountFromTheCurrentReplicas() {
        ScalingRules local = new ScalingRules(Duration.ZERO, List.of(new ScalingRules.Policy("Percent", 100,
                Duration.ofSeconds(5)), new ScalingRules.Policy("Pods", 2, Duration.ofSeconds(5))), "Max");
        CapacityRecommendation r = new CapacityRecommendation(40, "m", 70, 50, 390, 2, 10, local);
        assertThat(r.podsForBaseline()).isEqualTo(2); // ceil(1.25)
        assertThat(r.podsForPeak()).isEqualTo(10); // ceil(9.75)
        assertThat(r.scaleUpTimeline()).containsExactly(new CapacityRecommendation.ScaleUpStep(15, 4),
                new CapacityRecommendation.ScaleUpStep(30, 8), new CapacityRecommendation.ScaleUpStep(45, 10));
        ScalingRules disabled = new ScalingRules(Duration.ZERO, List.of(), "Disabled");
        CapacityRecommendation never = new CapacityRecommendation(40, "m", 70, 50, 390, 2, 10, disabled);
        assertThat(never.scaleUpTimeline()).isEmpty();
        assertThat(never.lines().get(3)).isEqualTo("scale-up 2 -> 10 pods: never (scale-up disabled; a sync every"
                + " 15 s)");
    }

    @Test
    void impossibleInputsAreRefused() {
        assertThatThrownBy(() -> new CapacityRecommendation(0, "m", 70, 1, 2, 1, 2)).hasMessageContaining("> 0");
        assertThatThrownBy(() -> new CapacityRecommendation(1, "m", 70, 1, 2, 3, 2))
                .hasMessageContaining("1 <= min <= max");
    }
}
