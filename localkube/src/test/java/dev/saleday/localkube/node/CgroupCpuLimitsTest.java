package dev.saleday.localkube.node;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The optional kernel CPU limit: a busy process in a 100m group gets about a tenth of a core. */
class CgroupCpuLimitsTest {

    @TempDir
    Path dir;

    @Test
    void aBusyProcessIsThrottledToItsQuota() throws Exception {
        assumeTrue(CgroupCpuLimits.availableAt(CgroupCpuLimits.DEFAULT_ROOT), "cgroup v1 cpu controller not writable");
        CgroupCpuLimits cgroups = new CgroupCpuLimits(CgroupCpuLimits.DEFAULT_ROOT);
        ContainerProcess busy = ContainerProcess.start(List.of("/bin/sh", "-c", "while :; do :; done"), Map.of(),
                new ContainerLogFile(dir.resolve("busy.log"), 1 << 20), dir.resolve("busy.pid"));
        Optional<Path> group = Optional.empty();
        try {
            group = cgroups.limit("test-" + busy.pid(), busy.pid(), 100);
            assertThat(group).isPresent();
            Duration before = busy.cpuTime();
            Map<String, Long> statBefore = cpuStat(group.get());
            long startNanos = System.nanoTime();
            Thread.sleep(2_000); // the measurement window
            long cpuNanos = busy.cpuTime().minus(before).toNanos();
            long wallNanos = System.nanoTime() - startNanos;
            Map<String, Long> statAfter = cpuStat(group.get());
            double millicores = cpuNanos * 1000.0 / wallNanos;
            // CFS: in each 100 ms period the group runs at most its 10 ms quota, and a throttled period is one that
            // used all of it. The process's CPU time (in 10 ms clock ticks, from /proc) is read at both ends of the
            // window, up to one tick off each; the window cuts at most one period in two. Measured here (idle and
            // busy host alike): 21-22 ticks in 2.06-2.12 s, 100-105m, and every period but the first throttled.
            long periods = statAfter.get("nr_periods") - statBefore.get("nr_periods");
            long throttled = statAfter.get("nr_throttled") - statBefore.get("nr_throttled");
            long quotaNanos = 10_000_000L;
            long tickNanos = 10_000_000L;
            assertThat(cpuNanos).as("CPU in %s periods", periods)
                    .isLessThanOrEqualTo((periods + 1) * quotaNanos + 2 * tickNanos)
                    .isGreaterThanOrEqualTo(throttled * quotaNanos - quotaNanos - 2 * tickNanos);
            // the same bound as a rate: a tenth of a core, plus one period's quota and one tick over the 2 s window
            assertThat(millicores).isLessThanOrEqualTo(100 + 5 + 5 + 5);
            assertThat(throttled).as("a busy loop uses its whole quota whenever it runs").isPositive();
        } finally {
            busy.kill();
            busy.exit().get(10, TimeUnit.SECONDS);
            group.ifPresent(cgroups::release);
        }
        assertThat(group.map(Files::exists).orElse(false)).isFalse();
    }

    /** The group's cpu.stat: nr_periods, nr_throttled, throttled_time (ns). */
    private static Map<String, Long> cpuStat(Path group) throws java.io.IOException {
        Map<String, Long> stat = new java.util.HashMap<>();
        for (String line : Files.readAllLines(group.resolve("cpu.stat"))) {
            String[] parts = line.trim().split("\\s+");
            stat.put(parts[0], Long.parseLong(parts[1]));
        }
        return stat;
    }
}
