package dev.saleday.simulations;

import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanParser;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LoadSettingsTest {

    static final String PLAN = """
            apiVersion: saleday/v1
            kind: GameDay
            metadata: {name: t}
            target: {namespace: shop, deployment: reco, service: reco-svc, manifests: .}
            traffic:
              phases: [{name: steady, duration: 10s, rate: 20}]
            slo:
              latency: [{phase: steady, p99: 400ms}]
              minAchievedRate: 80%
            """;

    @Test
    void aSaledayRunLeavesTheSlosToItsVerdictButHoldsTheInjectorToThePlansMinimum() throws Exception {
        Plan plan = PlanParser.parse(PLAN, "t.yaml");

        LoadSettings settings = LoadSettings.of(plan, URI.create("http://127.0.0.1:1"), Path.of("run"));

        assertThat(settings.slo()).as("no Gatling assertions").isNull();
        assertThat(settings.minAchievedFraction()).isEqualTo(0.8);
        assertThat(settings.withSlo(plan.slo()).slo()).isEqualTo(plan.slo());
    }
}
