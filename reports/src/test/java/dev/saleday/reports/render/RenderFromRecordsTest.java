package dev.saleday.reports.render;

import static dev.saleday.reports.testing.Plans.phase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.plan.Plan;
import dev.saleday.plan.Slo;
import dev.saleday.reports.Analyzer;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.testing.Plans;
import dev.saleday.reports.testing.RunDir;
import dev.saleday.reports.verdict.Outcome;
import dev.saleday.reports.verdict.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The renderers on what the analyzer makes of real records, including a crashed run's. */
class RenderFromRecordsTest {

    private final Plan plan = Plans.plan(List.of(phase("baseline", 5, 100), phase("peak", 5, 200)),
            List.of(Plans.podKill("kill-30pc", "peak", 1)),
            Plans.slo(List.of(new Slo.Latency("peak", Map.of(Slo.Percentile.P99, Duration.ofMillis(50)))),
                    List.of(new Slo.Errors(null, 0.01)), List.of(), null, null, List.of()));

    @Test
    void everyRenderingOfAnAnalysedRunWithAFaultAndFailures(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("run");
        try (RunDir run = new RunDir(runDir)) {
            run.phase(0, "baseline", "start")
                    .phase(5_000, "peak", "start")
                    .steady(0, 5_000, 500, 10, true)
                    .steady(5_000, 6_000, 200, 20, true)
                    .chaos(6_000, "kill-30pc", "pod-kill", "applied")
                    .steady(6_000, 7_000, 200, 80, false)
                    .steady(7_000, 10_000, 600, 20, true)
                    .hpa(0, 2).hpa(6_500, 4)
                    .deployment(0, 2, 2, 2, 2, 1, 1).deployment(6_000, 2, 2, 1, 1, 1, 1)
                    .answers(0, "v1.0", "recommendation-1", 100, 0).answers(7_000, "v1.0", "recommendation-1", 200, 0);
        }
        Analyzer.Result result = Analyzer.analyze(runDir, plan, null);
        RunAnalysis analysis = result.analysis();
        Verdict verdict = result.verdict();
        assertThat(verdict.verdict()).isEqualTo(Outcome.FAIL);

        String page = HtmlReport.page(analysis, verdict, null);
        assertThat(page).contains("<section class=\"verdict FAIL\"").contains("<tr class=\"failed\">")
                .contains("kill-30pc");
        assertThat(JUnitXml.xml(analysis, verdict)).contains("<failure ");
        assertThat(MarkdownSummary.markdown(analysis, verdict)).contains("❌");
        Path results = dir.resolve("allure-results");
        AllureResults.write(results, analysis, verdict);
        try (Stream<Path> files = Files.list(results)) {
            assertThat(files.filter(f -> f.toString().endsWith("-result.json")).count())
                    .isEqualTo(verdict.checks().size());
        }
        // The failing second is drawn: the errors chart has a point with failures at second 6.
        TimeChart errors = TimeCharts.errors(analysis);
        assertThat(errors.series()).flatExtracting(ChartSeries::points)
                .anyMatch(p -> p.xSec() == 6 && p.y() > 0);
        assertThat(TimeCharts.frame(analysis).markers()).extracting(ChartFrame.Marker::label).contains("kill-30pc");
    }

    @Test
    void aCrashedRunWithFewRecordsStillRendersAndSaysItIsIncomplete(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("crashed");
        try (RunDir run = new RunDir(runDir)) {
            run.ok(100, 5).crashed();
        }
        Analyzer.Result result = Analyzer.analyze(runDir, plan, null);

        String page = HtmlReport.page(result.analysis(), result.verdict(), null);
        String md = MarkdownSummary.markdown(result.analysis(), result.verdict());
        String xml = JUnitXml.xml(result.analysis(), result.verdict());
        AllureResults.write(dir.resolve("allure-results"), result.analysis(), result.verdict());

        assertThat(result.verdict().complete()).isFalse();
        assertThat(page).contains("verdict " + result.verdict().verdict().name()).contains("Incomplete records.");
        assertThat(md).contains("incomplete records");
        assertThat(xml).contains("<property name=\"complete\" value=\"false\"/>");
        for (TimeChart chart : TimeCharts.all(result.analysis())) {
            assertThat(ChartImages.png(chart, TimeCharts.frame(result.analysis()))).isNotEmpty();
        }
    }
}
