package dev.saleday.reports.checks;

import static dev.saleday.reports.testing.Plans.phase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.plan.Plan;
import dev.saleday.plan.Slo;
import dev.saleday.reports.Analyzer;
import dev.saleday.reports.render.JUnitXml;
import dev.saleday.reports.testing.Plans;
import dev.saleday.reports.testing.RunDir;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.Outcome;
import dev.saleday.reports.verdict.Verdict;
import dev.saleday.reports.verdict.VerdictJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs cut short in their peak, as a {@code kill -9} (run.json without an end, a half-written last line) or a SIGTERM
 * (run.json interrupted) leaves them: judged on what they recorded and no more.
 */
class IncompleteRunTest {

    @TempDir
    Path dir;

    /** baseline 10 s, peak 30 s, drop 10 s at 20 req/s; a pod kill 20 s into the peak (at 0:30). */
    private static final Plan PLAN = Plans.plan(
            List.of(phase("baseline", 10, 20), phase("peak", 30, 20), phase("drop", 10, 20)),
            List.of(Plans.podKill("kill-one", "peak", 20)),
            Plans.slo(List.of(p99("baseline", 500), p99("peak", 500), p99("drop", 500)), List.of(),
                    List.of(new Slo.ZeroDowntime("kill-one", 10, null)), null, null, List.of()));

    private static Slo.Latency p99(String phase, long millis) {
        return new Slo.Latency(phase, Map.of(Slo.Percentile.P99, Duration.ofMillis(millis)));
    }

    /**
     * The load on schedule until the records stop: requests to {@code logEndMs}, injector.jsonl seconds to
     * {@code injectorEndMs}.
     */
    private Analyzer.Result cutShortResult(String name, long logEndMs, long injectorEndMs, boolean killed) {
        Path runDir = dir.resolve(name);
        try (RunDir run = new RunDir(runDir)) {
            run.steady(0, logEndMs, (int) (logEndMs / 50), 20, true);
            for (long t = 0; t < injectorEndMs; t += 1000) {
                run.injector(t, t < 10_000 ? "baseline" : "peak", 20, 20, 3);
            }
            if (killed) {
                run.crashed();
            } else {
                run.interrupted();
            }
        }
        return Analyzer.analyze(runDir, PLAN, null);
    }

    private Verdict cutShort(String name, long logEndMs, long injectorEndMs, boolean killed) {
        return cutShortResult(name, logEndMs, injectorEndMs, killed).verdict();
    }

    @Test
    void aRunKilledMidPeakIsJudgedUpToWhereItsRecordsEnd() {
        Analyzer.Result result = cutShortResult("killed", 25_000, 25_000, true);
        Verdict verdict = result.verdict();

        assertThat(verdict.verdict()).isEqualTo(Outcome.INVALID);
        assertThat(verdict.complete()).isFalse();
        assertThat(verdict.headline()).isEqualTo("INVALID (incomplete)");
        assertThat(verdict.reasons()).anyMatch(r -> r.startsWith("incomplete: the records end 0:25 into the load"
                + " (2025-11-28T14:00:36.951Z)") && r.endsWith("2 check(s) not reached"));
        // no invented lag: the load kept to its schedule up to the end of its records
        assertThat(find(verdict, ValidityCheck.LAG_NAME).measured()).isLessThan(0.5);
        assertThat(find(verdict, ValidityCheck.LAG_NAME).passed()).isTrue();
        assertThat(find(verdict, ValidityCheck.NAME).measured()).isBetween(0.95, 1.0);
        assertThat(find(verdict, ValidityCheck.NAME).detail()).contains("480 of 480 intended requests (100.0 %) in the first 0:24 of the load");
        // the peak it recorded is judged; the drop and the kill at 0:30 came after the end: not reached
        assertThat(find(verdict, "latency.peak.p99").reached()).isTrue();
        assertThat(find(verdict, "latency.peak.p99").passed()).isTrue();
        for (String name : List.of("latency.drop.p99", "zeroDowntime.kill-one.failed")) {
            Check check = find(verdict, name);
            assertThat(check.reached()).as(name).isFalse();
            assertThat(check.failed()).as(name).isFalse();
            assertThat(check.detail()).as(name).startsWith("not reached: the records end 0:25 into the load");
        }
        assertThat(verdict.failedChecks()).isEmpty();
        assertThat(VerdictJson.toJson(verdict)).contains("\"passed\" : null", "\"reached\" : false",
                "\"invalidBy\" : [ \"incomplete\" ]");
        assertThat(JUnitXml.xml(result.analysis(), verdict)).contains("skipped=\"2\"", "<skipped message=\"not reached: ");
    }

    @Test
    void aRunStoppedBySigtermWhoseLoadLogLostItsTailNeverReportsMoreThanItIntended() {
        // injector.jsonl was flushed to 0:27, Gatling's log only to 0:22: the seconds after 0:22 have no requests
        Verdict verdict = cutShort("sigterm", 22_000, 27_000, false);

        assertThat(verdict.verdict()).isEqualTo(Outcome.INVALID);
        Check achieved = find(verdict, ValidityCheck.NAME);
        assertThat(achieved.measured()).isLessThanOrEqualTo(1.0).isGreaterThanOrEqualTo(0.95);
        assertThat(find(verdict, ValidityCheck.LAG_NAME).measured()).isLessThan(0.5);
        assertThat(verdict.reasons()).anyMatch(r -> r.startsWith("incomplete: the records end 0:22 into the load"));
        assertThat(verdict.reasons()).contains("incomplete: the run was interrupted before the end of its plan");
    }

    @Test
    void aCompleteRunIsJudgedWholeAsBefore() {
        Path runDir = dir.resolve("whole");
        try (RunDir run = new RunDir(runDir)) {
            run.steady(0, 50_000, 1000, 20, true);
            run.chaos(30_000, "kill-one", "pod-kill", "applied");
        }
        Verdict verdict = Analyzer.analyze(runDir, PLAN, null).verdict();
        assertThat(verdict.verdict()).isEqualTo(Outcome.PASS);
        assertThat(verdict.checks()).allMatch(Check::reached);
    }

    private static Check find(Verdict verdict, String name) {
        return verdict.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError("no check " + name + " in " + verdict.checks()));
    }
}
