package dev.saleday.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.simulations.LoadProgress;
import dev.saleday.records.HostSample;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    @Test
    void saysEverythingAboutTheSecondInOneLine() {
        LoadProgress second = new LoadProgress(1_764_338_442_000L, 42_000, 270_000, "peak", 200, 198, 197, 1, 12.4,
                0.5);

        assertThat(ProgressLine.format(second, "3/4", "kill-30pc in 8s")).isEqualTo(
                "[  42s/ 270s] peak       rate 200/198 req/s  errors 1/s  p99 12ms  replicas 3/4  next kill-30pc in 8s");
    }

    @Test
    void showsOurProcessesCpuWaitWhenTheHostIsRecorded() {
        LoadProgress second = new LoadProgress(1_764_338_442_000L, 42_000, 270_000, "peak", 200, 198, 197, 1, 12.4,
                0.5);
        HostSample host = new HostSample(0, 1000, 0.97, 0.4, 20_000L,
                new HostSample.Injector(1, 600.0, 410.4, 3.0), List.of(
                        new HostSample.Pod("a", 2, 500.0, 300.0, 1000L, null),
                        new HostSample.Pod("b", 3, 500.0, 80.0, 1000L, null)));

        assertThat(ProgressLine.format(second, "3/4", ProgressLine.cpuWait(host), "kill-30pc in 8s")).isEqualTo(
                "[  42s/ 270s] peak       rate 200/198 req/s  errors 1/s  p99 12ms  replicas 3/4  cpu wait 410ms/s 28%"
                        + "  next kill-30pc in 8s");
        assertThat(ProgressLine.cpuWait(new HostSample(0, 1000, 1.0, 0.9, 20_000L, 1540.0, host.injector(),
                host.pods()))).as("with the CPU other work at our priority took").isEqualTo("410ms/s 28% others 1.5cpu");
        assertThat(ProgressLine.cpuWait(null)).isEqualTo("-");
        assertThat(ProgressLine.cpuWait(new HostSample(0, 1000, null, null, null,
                new HostSample.Injector(1, null, null, null), List.of()))).isEqualTo("-");
    }

    @Test
    void noAnswersYetShowsADash() {
        LoadProgress second = new LoadProgress(0, 1_000, 60_000, null, 20, 0, 0, 0, -1, -1);

        assertThat(ProgressLine.format(second, "?/?", "-")).isEqualTo(
                "[   1s/  60s] -          rate 20/0 req/s  errors 0/s  p99 -  replicas ?/?  next -");
    }
}
