package dev.saleday.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code observe} and {@code report.cost}: defaults, every field, the effective plan, and problems with places. */
class ObservePlanTest {

    @Test
    void withoutObserveTheModelsMetricsAreScrapedEveryTwoSecondsAndTheDefaultPriceHolds() throws Exception {
        Plan plan = PlanParser.parse(PlanProblemsTest.BASE, "p.yaml");
        assertThat(plan.observe()).isEqualTo(new Observe("http", "/metrics", Duration.ofSeconds(2), null, Map.of()));
        assertThat(plan.observe().proxyPath("shop", "reco-1"))
                .isEqualTo("/api/v1/namespaces/shop/pods/reco-1:http/proxy/metrics");
        assertThat(plan.report().cpuCoreHourPrice()).isEqualTo(PlanDefaults.CPU_CORE_HOUR_PRICE).isEqualTo(0.04);
    }

    @Test
    void everyFieldIsReadAndTheEffectivePlanKeepsThem() throws Exception {
        String text = PlanProblemsTest.BASE + """
                report:
                  cost: {cpuCoreHour: 0.031}
                observe:
                  port: 9090
                  path: /stats/prometheus
                  interval: 500ms
                  prometheus:
                    url: http://127.0.0.1:9091
                    queries: {rps: 'sum(rate(model_requests_total[1m]))'}
                  checks: {errorRate: 1%, throttled: 20%}
                """;
        Plan plan = PlanParser.parse(text, "p.yaml");
        Observe expected = new Observe("9090", "/stats/prometheus", Duration.ofMillis(500),
                URI.create("http://127.0.0.1:9091"), Map.of("rps", "sum(rate(model_requests_total[1m]))"), 0.01, 0.2);
        assertThat(plan.observe()).isEqualTo(expected);
        assertThat(plan.report().cpuCoreHourPrice()).isEqualTo(0.031);
        Plan again = PlanParser.parse(PlanWriter.toYaml(plan), "effective.yaml");
        assertThat(again.observe()).isEqualTo(expected);
        assertThat(again.report().cpuCoreHourPrice()).isEqualTo(0.031);
    }

    @Test
    void badValuesAreNamedWithTheirPlace() {
        String text = PlanProblemsTest.BASE + """
                report:
                  cost: {cpuCoreHour: -1}
                observe:
                  port: "no such port!"
                  path: metrics
                  interval: 10ms
                  prometheus: {queries: {rps: up}}
                  checks: {errorRate: 200%}
                  scrap: 1
                """;
        List<String> problems = PlanProblemsTest.problemsOf(text);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(PlanProblemsTest.at(text, "-1"))
                .contains("report.cost.cpuCoreHour").contains(">= 0"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(PlanProblemsTest.at(text, "\"no such"))
                .contains("observe.port").contains("container port name"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(PlanProblemsTest.at(text, "metrics\n"))
                .contains("observe.path").contains("starting with '/'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(PlanProblemsTest.at(text, "10ms"))
                .contains("observe.interval").contains("at least 100ms"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("observe.prometheus").contains("url"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(PlanProblemsTest.at(text, "200%"))
                .contains("observe.checks.errorRate"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(PlanProblemsTest.at(text, "scrap:"))
                .contains("unknown key 'scrap'"));
    }
}
