package dev.saleday.simulations.host;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ProcFsTest {

    @TempDir
    Path root;

    @Test
    void readsTheHostCountersCountingStealAsBusyAndIowaitAsIdle() {
        new ProcTree(root).stat(700, 300, 5000, 200, 50).pressure(14_733_729).meminfo(24_364_632);
        ProcFs proc = new ProcFs(root);
        assertThat(proc.cpuTicks()).contains(new ProcFs.CpuTicks(700 + 300 + 50, 700 + 300 + 5000 + 200 + 50));
        assertThat(proc.cpuPressureSomeMicros()).hasValue(14_733_729);
        assertThat(proc.memAvailableKb()).hasValue(24_364_632);
    }

    @Test
    void readsEveryThreadsRunAndRunQueueWait() {
        new ProcTree(root).thread(42, 42, 3_238_872, 17).thread(42, 43, 9_000_000, 5_000_000)
                .file("proc/42/task/notanumber/schedstat", "1 2 3\n")
                .file("proc/42/task/44/schedstat", "garbage\n");
        assertThat(new ProcFs(root).taskSched(42)).contains(Map.of(
                42L, new ProcFs.TaskSched(3_238_872, 17), 43L, new ProcFs.TaskSched(9_000_000, 5_000_000)));
    }

    @Test
    void missingSourcesAreEmptyNotErrors() {
        ProcFs proc = new ProcFs(root.resolve("nothing-here"));
        assertThat(proc.cpuTicks()).isEmpty();
        assertThat(proc.cpuPressureSomeMicros()).isEmpty();
        assertThat(proc.memAvailableKb()).isEmpty();
        assertThat(proc.taskSched(42)).isEmpty();
        assertThat(proc.throttledNanos(42)).isEmpty();
        assertThat(proc.uptimeTicks()).isEmpty();
        assertThat(proc.startTicks(42)).isEmpty();
    }

    @Test
    void readsTheUptimeAndAProcesssStartOnTheSameClock() {
        // a real line of /proc/PID/stat, its command name holding a space and a parenthesis
        new ProcTree(root).file("proc/uptime", "32857.08 20403.34\n")
                .file("proc/30879/stat", "30879 (my (cat)) R 30877 30877 22920 0 -1 4194304 99 0 0 0 0 0 0 0 20 0 1 0 "
                        + "3285701 3133440 391 18446744073709551615 93872233148416 93872233168297 0 0 0 0 0 0 0 0 0 "
                        + "0 17 0 0 0 0 0 0\n");
        ProcFs proc = new ProcFs(root);
        assertThat(proc.uptimeTicks()).hasValue(3_285_708);
        assertThat(proc.startTicks(30879)).hasValue(3_285_701);
    }

    @Test
    void findsTheThrottledTimeOfTheProcesssCpuCgroupV1AndV2() {
        new ProcTree(root)
                .file("proc/7/cgroup", "4:memory:/x\n2:cpuacct:/\n1:cpu:/localkube/pod_a\n0::/\n")
                .file("sys/fs/cgroup/cpu/localkube/pod_a/cpu.stat", "nr_periods 10\nnr_throttled 3\n"
                        + "throttled_time 123456789\n")
                .file("proc/8/cgroup", "0::/kubepods/pod_b\n")
                .file("sys/fs/cgroup/kubepods/pod_b/cpu.stat", "usage_usec 5\nthrottled_usec 2500\n")
                .file("proc/9/cgroup", "1:cpu:/\n0::/\n");
        ProcFs proc = new ProcFs(root);
        assertThat(proc.throttledNanos(7)).hasValue(123_456_789);
        assertThat(proc.throttledNanos(8)).hasValue(2_500_000);
        assertThat(proc.throttledNanos(9)).isEmpty(); // the root group has no quota
    }
}
