package dev.saleday.reports.stability;

import static dev.saleday.reports.testing.Plans.phase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.plan.Plan;
import dev.saleday.reports.testing.Plans;
import dev.saleday.reports.testing.RunDir;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeakHostTest {

    @TempDir
    Path dir;

    @Test
    void theMediansOverTheBusiestPhaseGoBesideTheChecks() throws Exception {
        // a ramp up to the peak's rate comes first: it carries half the peak's load and is not the peak
        Plan plan = Plans.plan(List.of(new dev.saleday.plan.Phase("baseline", java.time.Duration.ofSeconds(10), 10,
                        100), phase("peak", 10, 100), phase("drop", 10, 10)), List.of(), Plans.NO_SLO);
        Path runDir = dir.resolve("run-1");
        try (RunDir run = new RunDir(runDir)) {
            run.steady(0, 30_000, 300, 20, true);
            for (int s = 0; s < 30; s++) {
                boolean peak = s >= 10 && s < 20;
                // injector wait 100 + s in the peak (median 114.5), pods 30 % there, 60 % outside
                run.host(s * 1000L, peak ? 0.7 : 0.3, peak ? 40.0 + s : 900.0, peak ? 100.0 + s : 5.0,
                        peak ? 300.0 : 600.0, peak ? 700.0 : 400.0);
            }
        }
        PeakHost peak = PeakHost.of(plan, runDir).orElseThrow();
        assertThat(peak).isEqualTo(new PeakHost("run-1", "peak", 114.5, 0.3, 54.5, 0.7));

        String md = Stability.markdown(new Stability.Table(List.of("PASS"), List.of()).withPeaks(List.of(peak)));
        assertThat(md).contains("## The host at the peak (phase `peak`", "| run-1 | 115 ms/s | 30 % | 0.05 CPUs | 70 % |");
        assertThat(PeakHost.of(plan, dir.resolve("no-run"))).isEmpty();
    }
}
