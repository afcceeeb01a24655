package dev.saleday.reports.analysis;

import static dev.saleday.reports.testing.Plans.phase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.plan.Plan;
import dev.saleday.records.RunRecords;
import dev.saleday.reports.testing.Plans;
import dev.saleday.reports.testing.RunDir;
import dev.saleday.reports.verdict.Percentiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synthetic records with known distributions give exact percentiles, per phase, overall and per second. */
class ExactPercentilesTest {

    @TempDir
    Path dir;

    private final Plan plan = Plans.plan(List.of(phase("baseline", 10, 100), phase("peak", 10, 100)), List.of(),
            Plans.NO_SLO);

    @Test
    void latenciesOneToAThousandGiveTheirExactPercentiles() {
        try (RunDir run = new RunDir(dir)) {
            // baseline: 1000 requests taking 1..1000 ms; the ones over 900 ms fail (a timeout)
            for (int i = 1; i <= 1000; i++) {
                run.request((i - 1) * 10L, i, i <= 900, "Request timeout to 127.0.0.1:1 after 900 ms");
            }
            // peak: 1000 requests of 5 ms each
            run.steady(10_000, 20_000, 1000, 5, true);
        }
        RunAnalysis analysis = Analysis.analyze(RunRecords.load(dir), plan);

        ScopeStats baseline = analysis.phase("baseline").orElseThrow();
        assertThat(baseline.arrivals()).isEqualTo(1000);
        assertThat(baseline.successful()).isEqualTo(900);
        assertThat(baseline.failures().count(FailureKind.TIMEOUT)).isEqualTo(100);
        assertThat(baseline.all().percentiles()).isEqualTo(new Percentiles(500, 900, 950, 990, 999, 1000));
        assertThat(baseline.successfulOnly().percentiles()).isEqualTo(new Percentiles(450, 810, 855, 891, 900, 900));
        assertThat(baseline.errorRate()).isEqualTo(0.1);

        ScopeStats peak = analysis.phase("peak").orElseThrow();
        assertThat(peak.all().percentiles()).isEqualTo(new Percentiles(5, 5, 5, 5, 5, 5));

        ScopeStats overall = analysis.overall();
        assertThat(overall.arrivals()).isEqualTo(2000);
        assertThat(overall.intended()).isEqualTo(2000);
        assertThat(overall.all().valueAtPercentileMs(50)).isEqualTo(5);
        assertThat(overall.all().valueAtPercentileMs(75)).isEqualTo(500);
        assertThat(overall.all().percentiles().maxMs()).isEqualTo(1000);

        // second 3 holds requests 301..400 (latency 301..400 ms): all successful
        SecondStats third = analysis.seconds().get(3);
        assertThat(third.arrivals()).isEqualTo(100);
        assertThat(third.phase()).isEqualTo("baseline");
        assertThat(third.all().maxMs()).isBetween(400.0, 404.0); // per second: 2 significant digits
        assertThat(analysis.seconds()).hasSize(20);
        assertThat(analysis.seconds().get(15).phase()).isEqualTo("peak");
    }

    @Test
    void theHgrmTextIsHdrHistogramsPercentileDistribution() {
        try (RunDir run = new RunDir(dir)) {
            for (int i = 1; i <= 100; i++) {
                run.ok(i * 10L, i);
            }
        }
        RunAnalysis analysis = Analysis.analyze(RunRecords.load(dir), plan);
        String hgrm = analysis.overall().all().hgrm();
        assertThat(hgrm).contains("Value     Percentile TotalCount 1/(1-Percentile)");
        assertThat(hgrm).contains("#[Mean    =       50.500");
        assertThat(hgrm).contains("#[Max     =      100.000, Total count    =          100]");
    }
}
