package dev.saleday.reports.analysis;

import static dev.saleday.reports.testing.Plans.phase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.plan.Plan;
import dev.saleday.records.RunRecords;
import dev.saleday.reports.testing.Plans;
import dev.saleday.reports.testing.RunDir;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Known failure windows, from the load and from the prober, are attributed to the right fault. */
class FailureAttributionTest {

    @TempDir
    Path dir;

    @Test
    void windowsGoToTheFaultActiveOrMostRecentlyAppliedBeforeThem() {
        Plan plan = Plans.plan(List.of(phase("peak", 60, 100)),
                List.of(Plans.podKill("kill-a", "peak", 10), Plans.podKill("kill-b", "peak", 30)), Plans.NO_SLO);
        try (RunDir run = new RunDir(dir)) {
            run.steady(0, 60_000, 6000, 10, true);
            run.ko(4_200, 2000);                              // before any fault: unattributed
            run.chaos(10_000, "kill-a", "pod-kill", "start");
            run.chaos(10_300, "kill-a", "pod-kill", "applied");
            run.steady(10_400, 13_000, 30, 5, false);         // seconds 10..12: kill-a
            run.probe(14_100, 2000, "timeout", null, null);   // second 14: prober only, still kill-a
            run.chaos(30_900, "kill-b", "pod-kill", "applied"); // applied late in second 30
            run.steady(30_000, 32_000, 7, 5, false);           // seconds 30..31: kill-b (applied in its 1st second)
            run.probe(31_500, 3.0, "connect_error", null, null);
            for (int s = 0; s < 60; s++) {
                run.probe(s * 1000L + 50, 3.0, "ok", "v1.0", "recommendation-1");
            }
        }
        RunAnalysis analysis = Analysis.analyze(RunRecords.load(dir), plan);

        List<FailureWindow> windows = analysis.failureWindows();
        assertThat(windows).hasSize(4);
        assertThat(windows.get(0).fault()).isNull();
        assertThat(windows.get(0).fromMs()).isEqualTo(RunDir.LOAD_START_MS + 4_000);

        FailureWindow killA = windows.get(1);
        assertThat(killA.fault()).isEqualTo("kill-a");
        assertThat(killA.fromMs()).isEqualTo(RunDir.LOAD_START_MS + 10_000);
        assertThat(killA.toMs()).isEqualTo(RunDir.LOAD_START_MS + 13_000);
        assertThat(killA.loadFailed()).isEqualTo(30);
        assertThat(killA.failures().count(FailureKind.HTTP_ERROR)).isEqualTo(30);

        FailureWindow probeOnly = windows.get(2);
        assertThat(probeOnly.fault()).isEqualTo("kill-a");
        assertThat(probeOnly.loadFailed()).isZero();
        assertThat(probeOnly.probeFailed()).isEqualTo(1);
        assertThat(probeOnly.failures().count(FailureKind.TIMEOUT)).isEqualTo(1);

        FailureWindow killB = windows.get(3);
        assertThat(killB.fault()).isEqualTo("kill-b");
        assertThat(killB.durationMillis()).isEqualTo(2000);
        assertThat(killB.failed()).isEqualTo(8);
        assertThat(analysis.windowsOf("kill-a")).hasSize(2);

        assertThat(analysis.fault("kill-a").orElseThrow().appliedAtMs()).isEqualTo(RunDir.LOAD_START_MS + 10_300);
        assertThat(analysis.fault("kill-a").orElseThrow().targets()).containsExactly("Pod/recommendation-1");
        assertThat(analysis.pods()).extracting(PodTraffic::pod).containsExactly("recommendation-1");
        assertThat(analysis.versionMix()).hasSize(60);
    }
}
