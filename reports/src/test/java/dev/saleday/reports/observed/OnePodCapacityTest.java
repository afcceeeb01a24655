package dev.saleday.reports.observed;

import static dev.saleday.reports.testing.Plans.phase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.plan.Plan;
import dev.saleday.plan.autoscaling.ScalingRules;
import dev.saleday.records.CapacityFile;
import dev.saleday.reports.testing.Plans;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One pod's capacity search turned into the recommendation, with exact numbers. */
class OnePodCapacityTest {

    static final Plan PLAN = Plans.plan(List.of(phase("baseline", 10, 50), phase("peak", 10, 390)), List.of(),
            Plans.NO_SLO);
    static final ScalingTarget.Hpa HPA = new ScalingTarget.Hpa("recommendation", 2, 10, 70,
            ScalingRules.defaultScaleUp());

    static CapacityFile.Contents search(boolean knee) {
        List<CapacityFile.StepJudgement> steps = List.of(
                new CapacityFile.StepJudgement("step-01-40rps", 40, 80, 80, 0, 20, 0, true),
                new CapacityFile.StepJudgement("step-02-50rps", 50, 100, 100, 0, 40, 0, true),
                new CapacityFile.StepJudgement("step-03-60rps", 60, 120, 120, 0, 700, 0, !knee));
        return new CapacityFile.Contents(new CapacityFile.Header(300, 0.01), steps,
                knee ? new CapacityFile.Knee("step-03-60rps", 60, 50) : null, true);
    }

    static ServerView pod(long answered, double cpuSeconds) {
        ServerView.PodServed pod = new ServerView.PodServed("reco-a", 0, 10_000, true, Map.of("200", answered), 300.0,
                cpuSeconds, 0, 300, 10);
        return new ServerView(true, List.of(), 5, 0, List.of(pod), List.of(), answered, 0, null, List.of(), 0, 0,
                Map.of());
    }

    @Test
    void thePodsOwnCpuCostGivesTheRateAtTheTarget() {
        // 3000 answers for 20 CPU-seconds = 150 req per CPU-second; x 0.1 core request x 70 % = 10.5 req/s
        OnePodCapacity c = OnePodCapacity.of(search(true), new ScalingTarget(2, 100, 300, HPA), pod(3000, 20), PLAN);
        assertThat(c.kneeFound()).isTrue();
        assertThat(c.kneeRps()).isEqualTo(60);
        assertThat(c.sustainedRps()).isEqualTo(50);
        CapacityRecommendation r = c.recommendation();
        assertThat(r.perPodRpsAtTarget()).isEqualTo(10.5);
        assertThat(r.source()).isEqualTo("150.0 req per CPU-second measured in the pod x 100 m request x 70 % = 10.5");
        assertThat(r.podsForBaseline()).isEqualTo(5); // ceil(50 / 10.5 = 4.76)
        assertThat(r.podsForPeak()).isEqualTo(38); // ceil(390 / 10.5 = 37.14)
        assertThat(r.baselineRps()).isEqualTo(50);
        assertThat(r.peakRps()).isEqualTo(390);
    }

    @Test
    void withoutThePodsMetricsTheKneeIsTakenAtTheLimitAndTheRateIsCapped() {
        // 50 req/s at 300 m: x (100 m x 70 %) / 300 m = 11.67 req/s
        OnePodCapacity c = OnePodCapacity.of(search(true), new ScalingTarget(2, 100, 300, HPA),
                ServerView.absent("not recorded"), PLAN);
        assertThat(c.recommendation().perPodRpsAtTarget()).isCloseTo(50 * 100 * 0.7 / 300, org.assertj.core.data
                .Offset.offset(1e-9));
        assertThat(c.recommendation().source()).startsWith("50 req/s sustained at the 300 m limit x (100 m request"
                + " x 70 %) / 300 m = 11.7");
        // a request above the limit's share would promise more than the pod did: capped at what it sustained
        OnePodCapacity capped = OnePodCapacity.of(search(false), new ScalingTarget(2, 1000, 300, HPA), null, PLAN);
        assertThat(capped.kneeFound()).isFalse();
        assertThat(capped.sustainedRps()).isEqualTo(60);
        assertThat(capped.recommendation().perPodRpsAtTarget()).isEqualTo(60);
        assertThat(capped.recommendation().source()).endsWith(", capped at the 60 req/s the pod sustained; no step"
                + " broke a bound, so one pod does at least this");
    }

    @Test
    void noHpaOrNoHeldStepIsSaidNotGuessed() {
        assertThat(OnePodCapacity.of(search(true), new ScalingTarget(2, 100, 300, null), null, PLAN).missing())
                .isEqualTo("no HorizontalPodAutoscaler with a CPU target scales the Deployment");
        CapacityFile.Contents none = new CapacityFile.Contents(new CapacityFile.Header(300, 0.01),
                List.of(new CapacityFile.StepJudgement("step-01-40rps", 40, 80, 80, 0, 900, 0, false)),
                new CapacityFile.Knee("step-01-40rps", 40, 0), true);
        OnePodCapacity c = OnePodCapacity.of(none, new ScalingTarget(2, 100, 300, HPA), null, PLAN);
        assertThat(c.recommendation()).isNull();
        assertThat(c.missing()).isEqualTo("no step held the bounds, not even the first");
        assertThat(OnePodCapacity.of(search(true), new ScalingTarget(2, null, 300, HPA), null, PLAN).missing())
                .isEqualTo("the model container sets no CPU request: the HPA's utilisation is undefined");
    }
}
