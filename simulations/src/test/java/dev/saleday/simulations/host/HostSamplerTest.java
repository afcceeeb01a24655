package dev.saleday.simulations.host;

import dev.saleday.records.HostSample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class HostSamplerTest {

    @TempDir
    Path root;

    @Test
    void firstReadIsTheBaselineThenEachLineIsTheGrowthPerSecond() {
        ProcTree tree = new ProcTree(root).stat(1000, 0, 1000, 0, 0).pressure(1_000_000).meminfo(2_097_152)
                .thread(100, 100, 0, 0).thread(100, 101, 1_000_000_000, 0)
                .thread(200, 200, 0, 0)
                .file("proc/200/cgroup", "1:cpu:/localkube/p\n")
                .file("sys/fs/cgroup/cpu/localkube/p/cpu.stat", "throttled_time 0\n");
        AtomicLong gc = new AtomicLong(500);
        List<PodProcess> pods = new ArrayList<>(List.of(new PodProcess("model-a", 200, 500L)));
        HostSampler sampler = new HostSampler(new ProcFs(root), 100, () -> pods, gc::get);
        assertThat(sampler.sample(10_000)).isEmpty();

        // 2 s later: 2 CPUs x 2 s = 400 jiffies, 300 busy; the injector's thread 101 ran 0.8 s and waited 0.82 s,
        // a new thread 102 ran 0.2 s; the pod ran 1 s, waited 0.5 s, was throttled 0.1 s; GC paused 40 ms.
        tree.stat(1250, 50, 1100, 0, 0).pressure(1_600_000).meminfo(1_048_576)
                .thread(100, 101, 1_800_000_000, 820_000_000).thread(100, 102, 200_000_000, 0)
                .thread(200, 200, 1_000_000_000, 500_000_000)
                .file("sys/fs/cgroup/cpu/localkube/p/cpu.stat", "throttled_time 100000000\n");
        gc.set(540);
        HostSample second = sampler.sample(12_000).orElseThrow();
        assertThat(second.tMs()).isEqualTo(10_000);
        assertThat(second.spanMs()).isEqualTo(2000);
        assertThat(second.cpuBusy()).isEqualTo(0.75);
        assertThat(second.cpuPressure()).isEqualTo(0.3);
        assertThat(second.memAvailableMb()).isEqualTo(1024);
        assertThat(second.injector()).isEqualTo(new HostSample.Injector(100, 500.0, 410.0, 20.0));
        assertThat(second.pods()).containsExactly(new HostSample.Pod("model-a", 200, 500.0, 250.0, 500L, 50.0));
    }

    @Test
    void aSourceThatDisappearsIsRecordedAsMissing() {
        ProcTree tree = new ProcTree(root).stat(1000, 0, 1000, 0, 0).thread(100, 100, 0, 0).thread(200, 200, 0, 0);
        List<PodProcess> pods = List.of(new PodProcess("model-a", 200, null));
        HostSampler sampler = new HostSampler(new ProcFs(root), 100, () -> pods, () -> -1);
        sampler.sample(0);
        tree.noThread(200, 200).file("proc/stat", "");
        HostSample second = sampler.sample(1000).orElseThrow();
        assertThat(second.cpuBusy()).isNull();
        assertThat(second.cpuPressure()).isNull();
        assertThat(second.memAvailableMb()).isNull();
        assertThat(second.injector()).isEqualTo(new HostSample.Injector(100, 0.0, 0.0, null));
        assertThat(second.pods()).containsExactly(new HostSample.Pod("model-a", 200, null, null, null, null));
    }

    @Test
    void aClusterThatDoesNotAnswerLeavesThePodsOutOfThatLineOnly() {
        new ProcTree(root).stat(1000, 0, 1000, 0, 0);
        HostSampler sampler = new HostSampler(new ProcFs(root), 100, () -> {
            throw new IllegalStateException("API server unreachable");
        }, () -> 0);
        sampler.sample(0);
        assertThat(sampler.sample(1000).orElseThrow().pods()).isEmpty();
    }

    @Test
    void aPodWhoseProcessStartedSinceThePreviousReadCountsWholeOneListedLateCountsFromItsSecondRead() {
        // uptime 100.00 s at the first read; pod a's JVM starts at 100.40 s, pod b's started at 99.00 s but the
        // cluster lists it only now (its status came late)
        ProcTree tree = new ProcTree(root).stat(1000, 0, 1000, 0, 0).uptime("100.00").thread(100, 100, 0, 0)
                .processStat(300, 10_040).processStat(400, 9_900);
        List<PodProcess> pods = new ArrayList<>();
        HostSampler sampler = new HostSampler(new ProcFs(root), 100, () -> pods, () -> -1);
        sampler.sample(10_000);

        // 1 s later: pod a's threads ran 0.7 s and 0.2 s and waited 0.3 s, all of it its first second; pod b ran
        // 2 s since 99.00 s, not all in this second
        tree.stat(1150, 0, 1050, 0, 0).uptime("101.00").thread(300, 300, 700_000_000, 300_000_000)
                .thread(300, 301, 200_000_000, 0).thread(400, 400, 2_000_000_000, 0);
        pods.add(new PodProcess("model-a", 300, 300L));
        pods.add(new PodProcess("model-b", 400, 300L));
        HostSample second = sampler.sample(11_000).orElseThrow();
        assertThat(second.pods()).containsExactly(new HostSample.Pod("model-a", 300, 900.0, 300.0, 300L, null),
                new HostSample.Pod("model-b", 400, null, null, 300L, null));

        tree.uptime("102.00").thread(300, 300, 1_200_000_000, 300_000_000).thread(400, 400, 2_500_000_000L, 0);
        assertThat(sampler.sample(12_000).orElseThrow().pods()).containsExactly(
                new HostSample.Pod("model-a", 300, 500.0, 0.0, 300L, null),
                new HostSample.Pod("model-b", 400, 500.0, 0.0, 300L, null));
    }
}
