package dev.saleday.reports.render;

import static dev.saleday.reports.testing.Plans.phase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanDefaults;
import dev.saleday.plan.Slo;
import dev.saleday.reports.Analyzer;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.testing.Plans;
import dev.saleday.reports.testing.RunDir;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host chart sits under the latency chart on the same axis; starved stretches are shaded on every chart. */
class HostChartTest {

    @TempDir
    Path dir;

    @Test
    void theHostChartFollowsTheLatencyChartAndStarvedStretchesAreShaded() {
        Plan plan = Plans.plan(List.of(phase("steady", 60, 10)), List.of(), new Slo(List.of(), List.of(), List.of(),
                null, null, List.of(), 0.95, PlanDefaults.MAX_INJECTION_LAG, List.of(), PlanDefaults.HOST_HEADROOM,
                PlanDefaults.MAX_SEND_LAG));
        try (RunDir run = new RunDir(dir)) {
            run.steady(0, 60_000, 600, 20, true);
            for (int s = 0; s < 60; s++) {
                boolean starved = s >= 35 && s < 46;
                run.host(s * 1000L, starved ? 1.0 : 0.4, starved ? 410.0 : 20.0, 10.0, 400.0);
            }
        }
        RunAnalysis analysis = Analyzer.analyze(dir, plan, null).analysis();
        List<TimeChart> charts = TimeCharts.all(analysis);
        assertThat(charts.get(0).id()).isEqualTo(TimeCharts.LATENCY);
        TimeChart host = charts.get(1);
        assertThat(host.id()).isEqualTo(TimeCharts.HOST);
        ChartSeries wait = host.series().stream().filter(s -> s.name().startsWith("injector CPU wait")).findFirst()
                .orElseThrow();
        assertThat(wait.points()).hasSize(60);
        assertThat(wait.points().get(35)).isEqualTo(new ChartSeries.Point(35, 410));
        assertThat(host.series()).extracting(ChartSeries::name).contains("host busy (%)",
                "pods' CPU wait (% of runnable)", "injector GC pauses (ms/s)");

        ChartFrame frame = TimeCharts.frame(analysis);
        assertThat(frame.starved()).containsExactly(new ChartFrame.Band("host starved", 35, 46));
        Map<String, Object> data = HtmlReport.chartData(analysis, charts);
        assertThat(data.get("starved")).isEqualTo(List.of(Map.of("name", "host starved", "startSec", 35.0,
                "endSec", 46.0)));
        for (TimeChart chart : charts) {
            assertThat(ChartImages.png(chart, frame)).as(chart.id()).isNotEmpty();
        }
    }
}
