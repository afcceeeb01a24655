package dev.saleday.reports.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.records.HostSample;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuSlowdownTest {

    static HostSample second(long tMs, Double... probeUs) {
        return new HostSample(tMs, 1000, 0.5, 0.1, 20_000L, 0.0, null, List.of(), Arrays.asList(probeUs));
    }

    @Test
    void theSlowestCpuAgainstItsOwnBest() {
        // CPU 1 runs the computation in 1071.9 µs for a while against its 612.5 at best: 75 % slower
        List<HostSample> host = List.of(second(0, 610.0, 612.5), second(1000, 611.0, 1071.9),
                second(2000, 640.5, 615.0), second(3000, null, 700.0), second(4000));
        CpuSlowdown slowdown = CpuSlowdown.of(host);
        assertThat(slowdown.slowestPercent(host.get(0))).isEqualTo(0.0);
        assertThat(slowdown.slowestPercent(host.get(1))).isEqualTo(75.0);
        assertThat(slowdown.slowestPercent(host.get(2))).isEqualTo(5.0);
        assertThat(slowdown.slowestPercent(host.get(3))).as("a CPU not read this second").isEqualTo(14.3);
        assertThat(slowdown.slowestPercent(host.get(4))).as("no reading: no point").isNaN();
    }

    @Test
    void linesWithoutTheProbeHaveNoFigure() {
        HostSample old = new HostSample(0, 1000, 0.5, 0.1, 20_000L, null, List.of());
        assertThat(CpuSlowdown.of(List.of(old)).slowestPercent(old)).isNaN();
    }
}
