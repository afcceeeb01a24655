package dev.saleday.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanParser;
import dev.saleday.plan.PlanSchedule;
import dev.saleday.plan.Slo;
import dev.saleday.plan.Target;
import dev.saleday.plan.Traffic;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The ready plans in plans/ validate, and keep their promises about length and scale. */
class PlansTest {

    static final Path PLANS = Path.of("..", "plans");

    @Test
    void saleDayIsAtMostSixMinutesWithATenfoldSpike() throws Exception {
        Plan plan = PlanParser.parse(PLANS.resolve("sale-day.yaml"));

        assertThat(plan.target().cluster()).isEqualTo(Target.ClusterKind.LOCAL);
        assertThat(plan.loadDuration()).isLessThanOrEqualTo(Duration.ofMinutes(5));
        double baseline = plan.traffic().phase("baseline").orElseThrow().startRateRps();
        double peak = plan.traffic().phase("peak").orElseThrow().startRateRps();
        assertThat(peak / baseline).isEqualTo(10.0);
        // 500 req/s needs 4-5 pods of 100m on an idle host; the pods' limits (300m) and the injector fit 2 cores
        assertThat(peak * plan.traffic().scale()).as("peak req/s on 2 cores").isLessThanOrEqualTo(500);
        assertThat(plan.fault("kill-30pc")).isPresent();
        assertThat(plan.fault("release-v1.1")).isPresent();
        assertThat(plan.slo().zeroDowntime()).extracting(z -> z.fault()).contains("release-v1.1");
        assertThat(plan.slo().scaleUp()).isNotNull();
        // the fourth promise: a crowd of clients, a connection each, spread over every ready pod
        assertThat(plan.traffic().connections()).isEqualTo(Traffic.Connections.PER_USER);
        assertThat(plan.slo().balance()).extracting(Slo.Balance::phase).containsExactly("peak");
    }

    @Test
    void ciKeepsTheSamePromisesInAShortLoad() throws Exception {
        Plan plan = PlanParser.parse(PLANS.resolve("ci.yaml"));

        // 150 s of wall time include the cluster's start and the analysis: about 100 s in all on an idle host
        assertThat(plan.loadDuration()).isLessThanOrEqualTo(Duration.ofSeconds(80));
        assertThat(plan.faults()).extracting(f -> f.action().kind()).containsExactly("pod-kill", "rollout");
        assertThat(plan.slo().zeroDowntime()).extracting(z -> z.fault()).contains("release-v1.1");
        assertThat(plan.slo().scaleUp()).isNotNull();
        assertThat(plan.slo().rollouts()).isNotEmpty();
        // kept-alive connections, so a pod that halts instead of draining cuts requests the load counts
        assertThat(plan.traffic().connections()).isEqualTo(Traffic.Connections.SHARED);
    }

    @Test
    void kubernetesAimsAtAnAllowedKubeconfigContext() throws Exception {
        Plan plan = PlanParser.parse(PLANS.resolve("kubernetes.yaml"));

        assertThat(plan.target().cluster()).isEqualTo(Target.ClusterKind.KUBECONFIG);
        assertThat(plan.guards().allowContexts()).contains(plan.target().context());
        assertThat(plan.target().url()).isNotNull();
        // the whole day, at 10,000 req/s a shard at the 100,000 req/s peak (docs/perf/injectors.md)
        assertThat(plan.traffic().scale()).isEqualTo(1.0);
        assertThat(plan.traffic().injectors()).isEqualTo(10);
        assertThat(PlanSchedule.of(plan).rateRpsAt(PlanSchedule.of(plan).phaseStartMillis("peak"))
                / plan.traffic().injectors()).isEqualTo(10_000.0);
    }
}
