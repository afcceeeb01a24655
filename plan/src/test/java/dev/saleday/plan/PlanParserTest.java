package dev.saleday.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The golden plan read into exact values, defaults included. */
class PlanParserTest {

    static Path resource(String name) throws URISyntaxException {
        return Path.of(PlanParserTest.class.getResource("/plans/" + name).toURI());
    }

    @Test
    void readsTheGoldenPlanIntoExactValues() throws Exception {
        Path file = resource("golden.yaml");
        Plan plan = PlanParser.parse(file);

        assertThat(plan.name()).isEqualTo("big-billion-day");
        assertThat(plan.target()).isEqualTo(new Target(Target.ClusterKind.LOCAL, "shop", "recommendation", "model",
                "recommendation-service", file.getParent().resolve("manifests.yaml").toString(), null, null, null));

        Traffic traffic = plan.traffic();
        assertThat(traffic.scale()).isEqualTo(0.01);
        assertThat(traffic.seed()).isEqualTo(7);
        assertThat(traffic.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(traffic.connections()).isEqualTo(Traffic.Connections.PER_USER);
        assertThat(traffic.injectors()).isEqualTo(3);
        assertThat(traffic.users()).isEqualTo(new Traffic.Users(Traffic.Users.Distribution.ZIPF, 100_000, 1.1));
        assertThat(traffic.kMix()).containsExactly(new Traffic.KWeight(10, 0.6), new Traffic.KWeight(20, 0.4));
        assertThat(traffic.phases()).containsExactly(
                new Phase("baseline", Duration.ofSeconds(60), 10_000, 10_000),
                new Phase("pre-sale", Duration.ofSeconds(30), 10_000, 100_000),
                new Phase("peak", Duration.ofMinutes(2), 100_000, 100_000),
                new Phase("post-sale", Duration.ofSeconds(90), 100_000, 5_000));
        assertThat(plan.loadDuration()).isEqualTo(Duration.ofSeconds(300));

        assertThat(plan.faults()).containsExactly(
                new Fault("kill-30pc", new Trigger.At("peak", Duration.ofSeconds(20)),
                        new Action.PodKill(LabelSelector.parse("app=recommendation"), new Count(0, 0.3),
                                Action.PodPick.RANDOM, Duration.ZERO), null),
                new Fault("release-v1.1", new Trigger.At("peak", Duration.ofSeconds(60)),
                        new Action.Rollout("recommendation", "model", "saleday/recommendation:v1.1"), null),
                new Fault("drain-a", new Trigger.When(new Condition(Condition.Metric.READY_REPLICAS,
                        Condition.Comparison.GE, 8), Duration.ofSeconds(10)), new Action.NodeDrain("local-node-a"),
                        null),
                new Fault("slow-config", new Trigger.Every(new Trigger.At(null, Duration.ofSeconds(15)),
                        Duration.ofSeconds(30), 3), new Action.ConfigChange("model-config",
                        Map.of("FAULT_LATENCY_MS", "200"), true, "recommendation"), Duration.ofSeconds(20)),
                new Fault("pin-hpa", new Trigger.At(null, Duration.ofMillis(500)),
                        new Action.HpaPatch("recommendation", 2, 10), null));

        assertThat(plan.guards()).isEqualTo(new Guards(List.of("shop"), List.of("saleday-local"), new Count(0, 0.4),
                false, new Guards.AbortWhen(0.25, Duration.ofSeconds(15))));

        Slo slo = plan.slo();
        assertThat(slo.latency()).containsExactly(
                new Slo.Latency("baseline", Map.of(Slo.Percentile.P95, Duration.ofMillis(100),
                        Slo.Percentile.P99, Duration.ofMillis(200))),
                new Slo.Latency("peak", Map.of(Slo.Percentile.P99, Duration.ofMillis(400))));
        assertThat(slo.errors()).containsExactly(new Slo.Errors(null, 0.005));
        assertThat(slo.zeroDowntime()).containsExactly(new Slo.ZeroDowntime("release-v1.1", 0, null),
                new Slo.ZeroDowntime("kill-30pc", 50, Duration.ofSeconds(15)));
        assertThat(slo.scaleUp()).isEqualTo(new Slo.ScaleUp("pre-sale", 8, Duration.ofSeconds(90),
                Duration.ofSeconds(120)));
        assertThat(slo.scaleDown()).isEqualTo(new Slo.ScaleDown("post-sale", 4, Duration.ofSeconds(120)));
        assertThat(slo.rollouts()).containsExactly(new Slo.RolloutTime("release-v1.1", Duration.ofSeconds(60)));
        assertThat(slo.balance()).containsExactly(new Slo.Balance("peak", 1.5));
        assertThat(slo.minAchievedRateFraction()).isEqualTo(0.95);
        assertThat(slo.maxInjectionLag()).isEqualTo(Duration.ofSeconds(3));
        assertThat(slo.hostHeadroom()).isEqualTo(new Slo.HostHeadroom(Duration.ofMillis(400), 0.4,
                Duration.ofSeconds(3)));
        assertThat(slo.maxSendLag()).isEqualTo(Duration.ofMillis(1500));

        assertThat(plan.report()).isEqualTo(new ReportSettings(
                file.getParent().resolve("results/last-green/verdict.json").toString(),
                Map.of("p99", 0.10, "errorRate", 0.50)));
    }

    @Test
    void fillsEveryDefaultOfAMinimalPlan() throws Exception {
        Plan plan = PlanParser.parse("""
                apiVersion: saleday/v1
                kind: GameDay
                metadata: {name: minimal}
                target: {namespace: shop, deployment: reco, service: reco-svc, manifests: .}
                traffic:
                  phases: [{name: ramp, duration: 10s, rampTo: 50}]
                """, "minimal.yaml");

        assertThat(plan.target().cluster()).isEqualTo(Target.ClusterKind.LOCAL);
        assertThat(plan.target().container()).isEqualTo("model");
        assertThat(plan.traffic().scale()).isEqualTo(1.0);
        assertThat(plan.traffic().connections()).isEqualTo(Traffic.Connections.SHARED);
        assertThat(plan.traffic().injectors()).isEqualTo(1);
        assertThat(plan.traffic().users()).isEqualTo(PlanDefaults.USERS);
        assertThat(plan.traffic().kMix()).containsExactly(new Traffic.KWeight(10, 0.7),
                new Traffic.KWeight(20, 0.2), new Traffic.KWeight(50, 0.1));
        assertThat(plan.traffic().phases()).containsExactly(new Phase("ramp", Duration.ofSeconds(10), 0, 50));
        assertThat(plan.faults()).isEmpty();
        assertThat(plan.guards()).isEqualTo(new Guards(List.of("shop"), List.of("saleday-local"), new Count(0, 0.5),
                false, new Guards.AbortWhen(0.2, Duration.ofSeconds(10))));
        assertThat(plan.slo().minAchievedRateFraction()).isEqualTo(0.95);
        assertThat(plan.slo().maxInjectionLag()).isEqualTo(Duration.ofSeconds(2));
        assertThat(plan.slo().hostHeadroom()).as("host headroom is judged by default")
                .isEqualTo(new Slo.HostHeadroom(Duration.ofMillis(400), 0.60, Duration.ofSeconds(3)));
        assertThat(plan.slo().maxSendLag()).isEqualTo(Duration.ofSeconds(1));
        assertThat(plan.report()).isEqualTo(new ReportSettings(null, Map.of("p99", 0.1)));
    }

    @Test
    void readsAKubeconfigTarget() throws Exception {
        Plan plan = PlanParser.parse("""
                apiVersion: saleday/v1
                kind: GameDay
                metadata: {name: staging}
                target:
                  cluster: kubeconfig
                  kubeconfig: /etc/kube/config
                  context: staging
                  namespace: shop
                  deployment: reco
                  service: reco-svc
                  url: https://reco.staging.example.com
                traffic:
                  phases: [{name: steady, duration: 1m, rate: 50}]
                guards: {allowContexts: [staging]}
                """, "staging.yaml");

        assertThat(plan.target().cluster()).isEqualTo(Target.ClusterKind.KUBECONFIG);
        assertThat(plan.target().kubeconfig()).isEqualTo("/etc/kube/config");
        assertThat(plan.target().context()).isEqualTo("staging");
        assertThat(plan.target().url()).hasToString("https://reco.staging.example.com");
        assertThat(plan.guards().allowContexts()).containsExactly("staging");
    }

    @Test
    void durationsAndPercentagesReadEveryForm() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.format(Duration.ofMillis(61_500))).isEqualTo("1m1s500ms");
        assertThat(Percentages.parse("0.5%")).isEqualTo(0.005);
        assertThat(Percentages.parse("30%")).isEqualTo(0.3);
        assertThat(Percentages.format(0.005)).isEqualTo("0.5%");
        assertThat(Percentages.format(0.3)).isEqualTo("30%");
    }
}
