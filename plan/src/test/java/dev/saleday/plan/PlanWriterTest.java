package dev.saleday.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The effective plan, written and read again, is the same plan. */
class PlanWriterTest {

    @Test
    void theEffectivePlanReadsBackEqual(@TempDir Path folder) throws Exception {
        Plan plan = PlanParser.parse(PlanParserTest.resource("golden.yaml"));
        Path written = folder.resolve("plan.yaml");

        PlanWriter.write(plan, written);
        Plan again = PlanParser.parse(written);

        assertThat(again).isEqualTo(plan);
        assertThat(Files.readString(written)).contains("apiVersion: saleday/v1", "at: peak+20s",
                "when: readyReplicas >= 8", "count: 30%", "rate: 0.5%", "minAchievedRate: 95%");
    }

    @Test
    void aPlanWithDefaultsOnlyReadsBackEqual() throws Exception {
        Plan plan = PlanParser.parse("""
                apiVersion: saleday/v1
                kind: GameDay
                metadata: {name: minimal}
                target: {namespace: shop, deployment: reco, service: reco-svc, manifests: .}
                traffic:
                  scale: 0.015
                  phases: [{name: ramp, duration: 1m1s500ms, rampTo: 33.3}, {name: hold, duration: 10s, rate: 0.7}]
                guards: {abortWhen: never}
                chaos:
                  - {name: poke, every: 5s, action: rollback, toRevision: 2}
                  - {name: slow, when: "probe.p99 > 250ms", action: scale, replicas: 0}
                  - {name: errs, when: "probe.errorRate >= 2.5%", action: pod-kill, selector: "tier in (a,b),!canary"}
                """, "minimal.yaml");

        Plan again = PlanParser.parse(PlanWriter.toYaml(plan), "again.yaml");

        assertThat(again).isEqualTo(plan);
    }
}
