package dev.saleday.reports;

import static dev.saleday.reports.testing.Plans.phase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.plan.Plan;
import dev.saleday.plan.ReportSettings;
import dev.saleday.plan.Slo;
import dev.saleday.reports.testing.Plans;
import dev.saleday.reports.testing.RunDir;
import dev.saleday.reports.verdict.Outcome;
import dev.saleday.reports.verdict.Verdict;
import dev.saleday.reports.verdict.VerdictJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analyzer's own outputs (verdict.json, .hgrm) and exit statuses; the renderers have their own tests. */
class AnalyzerTest {

    @TempDir
    Path dir;

    private final Plan plan = Plans.plan(List.of(phase("baseline", 5, 100), phase("peak", 5, 200)), List.of(),
            Plans.slo(List.of(new Slo.Latency("peak", Map.of(Slo.Percentile.P99, Duration.ofMillis(50)))),
                    List.of(new Slo.Errors(null, 0.01)), List.of(), null, null, List.of()),
            new ReportSettings("last-green/verdict.json", Map.of("p99", 0.1)));

    @Test
    void writesVerdictJsonAndDistributionsAndReadsThemBack() throws Exception {
        Path runDir = dir.resolve("run");
        try (RunDir run = new RunDir(runDir)) {
            run.steady(0, 5_000, 500, 10, true).steady(5_000, 10_000, 1000, 20, true);
        }
        Analyzer.Result result = Analyzer.analyzeAndWrite(runDir, plan, dir, List.of());
        assertThat(result.exitStatus()).isZero();
        Verdict written = VerdictJson.read(runDir.resolve("verdict.json"));
        assertThat(written).isEqualTo(result.verdict());
        String json = Files.readString(runDir.resolve("verdict.json"));
        assertThat(json).contains("\"format\" : \"saleday.verdict\"", "\"version\" : 1", "\"verdict\" : \"PASS\"",
                "\"complete\" : true", "\"name\" : \"latency.peak.p99\"", "\"measured\" : 20.0");
        assertThat(runDir.resolve("latency-overall.hgrm")).exists();
        assertThat(Files.readString(runDir.resolve("latency-peak.hgrm"))).contains("Total count    =         1000");
        assertThat(runDir.resolve("latency-baseline-successful.hgrm")).exists();
        // no baseline yet: no regression checks
        assertThat(result.verdict().checks()).noneMatch(c -> c.name().startsWith("regression."));

        // the next run compares with this one
        Files.createDirectories(dir.resolve("last-green"));
        Files.copy(runDir.resolve("verdict.json"), dir.resolve("last-green/verdict.json"));
        Path next = dir.resolve("next");
        try (RunDir run = new RunDir(next)) {
            run.steady(0, 5_000, 500, 10, true).steady(5_000, 10_000, 1000, 30, true);
        }
        Analyzer.Result second = Analyzer.analyzeAndWrite(next, plan, dir, List.of());
        assertThat(second.verdict().failedChecks()).extracting(c -> c.name())
                .containsExactlyInAnyOrder("regression.overall.p99", "regression.peak.p99");
        assertThat(second.exitStatus()).isEqualTo(1);
    }

    @Test
    void unreadableRecordsGiveAnInvalidVerdictAndExitStatusTwo() throws Exception {
        Path runDir = dir.resolve("broken");
        try (RunDir run = new RunDir(runDir)) {
            run.steady(0, 1_000, 10, 10, true);
        }
        Files.writeString(runDir.resolve("timeline.jsonl"), "{\"format\":\"saleday.timeline\",\"version\":7}\n");
        Analyzer.Result result = Analyzer.analyzeAndWrite(runDir, plan, dir, List.of());
        assertThat(result.exitStatus()).isEqualTo(2);
        assertThat(result.verdict().verdict()).isEqualTo(Outcome.INVALID);
        assertThat(result.verdict().reasons()).singleElement().asString()
                .contains("timeline.jsonl:1:1").contains("saleday.timeline version 7 is not supported");
        assertThat(VerdictJson.read(runDir.resolve("verdict.json")).verdict()).isEqualTo(Outcome.INVALID);
    }

    @Test
    void aBrokenLineInTheMiddleNamesFileLineAndColumn() throws Exception {
        Path runDir = dir.resolve("bad-line");
        try (RunDir run = new RunDir(runDir)) {
            run.steady(0, 1_000, 10, 10, true);
        }
        Files.writeString(runDir.resolve("probe.jsonl"), "{\"format\":\"saleday.probe\",\"version\":1}\n"
                + "{\"t\":1,\"outcome\":\"ok\"}\n{\"t\":2,,}\n{\"t\":3,\"outcome\":\"ok\"}\n");
        Analyzer.Result result = Analyzer.analyzeAndWrite(runDir, plan, dir, List.of());
        assertThat(result.exitStatus()).isEqualTo(2);
        assertThat(result.verdict().reasons().get(0)).contains("probe.jsonl:3:");
    }
}
