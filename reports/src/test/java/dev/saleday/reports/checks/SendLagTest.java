package dev.saleday.reports.checks;

import static dev.saleday.reports.testing.Plans.phase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.plan.Plan;
import dev.saleday.reports.Analyzer;
import dev.saleday.reports.testing.Plans;
import dev.saleday.reports.testing.RunDir;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.Outcome;
import dev.saleday.reports.verdict.Verdict;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validity.sendLag on recorded injector seconds: a 2 s stall at a low rate, a steady small lag, older records. */
class SendLagTest {

    @TempDir
    Path dir;

    private static final Plan PLAN = Plans.plan(List.of(phase("steady", 40, 5)), List.of(), Plans.NO_SLO);

    private Verdict run(String name, long stalledSecond, long stallLagMs, boolean recorded) {
        Path runDir = dir.resolve(name);
        try (RunDir run = new RunDir(runDir)) {
            run.steady(0, 40_000, 200, 20, true);
            for (int s = 0; s < 40; s++) {
                if (recorded) {
                    run.injector(s * 1000L, "steady", 5, 5, s == stalledSecond ? stallLagMs : 4);
                } else {
                    run.injector(s * 1000L, "steady", 5, 5);
                }
            }
        }
        return Analyzer.analyze(runDir, PLAN, null).verdict();
    }

    @Test
    void aTwoSecondStallOfTheInjectorIsInvalidAtFiveRequestsASecond() {
        Verdict verdict = run("stalled", 21, 2008, true);
        assertThat(verdict.verdict()).isEqualTo(Outcome.INVALID);
        assertThat(verdict.headline()).isEqualTo("INVALID (the injector)");
        Check lag = find(verdict, SendLagCheck.NAME);
        assertThat(lag.passed()).isFalse();
        assertThat(lag.measured()).isEqualTo(2.008);
        assertThat(lag.threshold()).isEqualTo(1.0);
        assertThat(lag.atMs()).isEqualTo(RunDir.LOAD_START_MS + 21_000);
        assertThat(lag.detail()).isEqualTo("the injector stalled: requests due from 0:19 left up to 2.0 s late, by"
                + " 0:22; the latency it measured from the late sends hides the stall");
        // the per-second counts never fell behind: only the send lag sees the stall
        assertThat(find(verdict, ValidityCheck.LAG_NAME).passed()).isTrue();
        assertThat(find(verdict, ValidityCheck.NAME).passed()).isTrue();
    }

    @Test
    void aSmallSteadyLagIsValid() {
        Verdict verdict = run("steady", 21, 300, true);
        assertThat(verdict.verdict()).isEqualTo(Outcome.PASS);
        assertThat(find(verdict, SendLagCheck.NAME).measured()).isEqualTo(0.3);
    }

    @Test
    void recordsWithoutSendLagAreNotJudged() {
        Verdict verdict = run("older", -1, 0, false);
        assertThat(verdict.verdict()).isEqualTo(Outcome.PASS);
        assertThat(find(verdict, SendLagCheck.NAME).detail()).isEqualTo("not judged: injector.jsonl has no send lag");
    }

    private static Check find(Verdict verdict, String name) {
        return verdict.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
