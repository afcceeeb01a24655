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

    @Test
    void readsEachProcesssAutogroupWhenTheKernelGroupsBySession() {
        ProcTree tree = new ProcTree(root)
                .file("proc/42/stat", "42 (java) S 1 42 42 0 -1 0 0 0 0 0 7 3 0 0 20 19 1 0 100 0\n")
                .file("proc/42/autogroup", "/autogroup-2509 nice 0\n")
                .file("proc/43/stat", "43 (sh) S 1 43 43 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 100 0\n");
        ProcFs proc = new ProcFs(root);
        assertThat(proc.autogroupsEnabled()).isFalse();
        assertThat(proc.processes().orElseThrow().get(42L).autogroup()).isNull();
        tree.file("proc/sys/kernel/sched_autogroup_enabled", "1\n");
        assertThat(proc.autogroupsEnabled()).isTrue();
        assertThat(proc.processes().orElseThrow()).containsEntry(42L,
                new ProcFs.ProcStat(42, 1, 19, 10, false, new ProcFs.Autogroup(2509, 0)))
                .containsEntry(43L, new ProcFs.ProcStat(43, 1, 0, 2, false, null));
        assertThat(ProcFs.autogroup("/autogroup-7 nice -5")).contains(new ProcFs.Autogroup(7, -5));
        assertThat(ProcFs.autogroup("garbage")).isEmpty();
    }

    @Test
    void aProcessOfNoSessionGroupIsInTheRootGroupAndOneInACpuCgroupIsPlacedByItsCgroup() {
        new ProcTree(root)
                .file("proc/sys/kernel/sched_autogroup_enabled", "1\n")
                .file("proc/1/stat", "1 (init) S 0 1 1 0 -1 0 0 0 0 0 5 5 0 0 20 0 1 0 1 0\n")
                .file("proc/1/autogroup", "")
                .file("proc/50/stat", "50 (java) S 1 50 50 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 100 0\n")
                .file("proc/50/autogroup", "/autogroup-9 nice 0\n")
                .file("proc/50/cgroup", "2:cpuacct:/\n1:cpu:/docker/abc\n0::/\n")
                .file("proc/51/stat", "51 (sh) S 1 51 51 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 100 0\n")
                .file("proc/51/autogroup", "/autogroup-10 nice 0\n")
                .file("proc/51/cgroup", "1:cpu:/\n0::/user.slice\n");
        Map<Long, ProcFs.ProcStat> now = new ProcFs(root).processes().orElseThrow();
        assertThat(now.get(1L).autogroup()).isEqualTo(ProcFs.Autogroup.ROOT);
        assertThat(now.get(50L).autogroup()).as("v1 cpu group below the root").isNull();
        assertThat(now.get(51L).autogroup()).isEqualTo(new ProcFs.Autogroup(10, 0));
    }

    @Test
    void onCgroupV2ASessionGroupCountsUnlessTheCpuControllerIsOnBelowTheRoot() {
        ProcTree tree = new ProcTree(root)
                .file("proc/sys/kernel/sched_autogroup_enabled", "1\n")
                .file("proc/60/stat", "60 (java) S 1 60 60 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 100 0\n")
                .file("proc/60/autogroup", "/autogroup-3 nice 0\n")
                .file("proc/60/cgroup", "0::/ci/job\n")
                .file("sys/fs/cgroup/cgroup.subtree_control", "memory pids\n");
        ProcFs proc = new ProcFs(root);
        assertThat(proc.processes().orElseThrow().get(60L).autogroup()).isEqualTo(new ProcFs.Autogroup(3, 0));
        tree.file("sys/fs/cgroup/cgroup.subtree_control", "cpuset cpu memory pids\n");
        assertThat(proc.processes().orElseThrow().get(60L).autogroup()).isNull();
        // a cgroup namespace: the visible root is a group with its own weight, the process shows "/"
        tree.file("sys/fs/cgroup/cgroup.subtree_control", "memory\n").file("proc/60/cgroup", "0::/\n")
                .file("sys/fs/cgroup/cpu.weight", "100\n");
        assertThat(proc.processes().orElseThrow().get(60L).autogroup()).isNull();
    }
}
