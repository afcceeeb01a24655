package dev.saleday.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanParser;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {

    static final String PLAN = """
            apiVersion: saleday/v1
            kind: GameDay
            metadata: {name: t}
            target: {namespace: shop, deployment: reco, service: reco-svc, manifests: .}
            traffic:
              phases:
                - {name: baseline, duration: 30s, rate: 20}
                - {name: peak, duration: 60s, rate: 200}
            chaos:
              - {name: release, at: peak+20s, action: rollout}
              - {name: kill, every: 20s, at: 5s, times: 2, action: pod-kill, selector: app=reco}
              - {name: drain, when: "readyReplicas >= 8", action: node-drain, node: local-node-a}
            """;

    @Test
    void ordersTimedFiringsAndNamesTheNext() throws Exception {
        Plan plan = PlanParser.parse(PLAN, "t.yaml");

        FaultSchedule schedule = FaultSchedule.of(plan);

        assertThat(schedule.firings()).containsExactly(
                new FaultSchedule.Firing(Duration.ofSeconds(5), "kill"),
                new FaultSchedule.Firing(Duration.ofSeconds(25), "kill"),
                new FaultSchedule.Firing(Duration.ofSeconds(50), "release"));
        assertThat(schedule.next(Duration.ofMillis(17_400))).isEqualTo("kill in 7s");
        assertThat(schedule.next(Duration.ofSeconds(30))).isEqualTo("release in 20s");
        assertThat(schedule.next(Duration.ofSeconds(51))).isEqualTo("drain when readyReplicas >= 8");
    }
}
