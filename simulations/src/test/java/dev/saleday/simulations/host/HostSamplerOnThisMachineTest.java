package dev.saleday.simulations.host;

import dev.saleday.records.HostSample;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The real /proc of the machine the tests run on (Linux: the project's build and CI hosts). */
class HostSamplerOnThisMachineTest {

    @Test
    void measuresThisJvmsOwnCpuOnTheRealProc() throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "reads /proc");
        long pid = ProcessHandle.current().pid();
        HostSampler sampler = new HostSampler(ProcFs.system(), pid,
                () -> List.of(new PodProcess("self-as-pod", pid, 1000L)), HostSampler::gcPauseMillis);
        long start = System.currentTimeMillis();
        assertThat(sampler.sample(start)).isEmpty();
        long spinUntil = System.nanoTime() + 200_000_000L;
        long sink = 0;
        while (System.nanoTime() < spinUntil) {
            sink += System.nanoTime() % 7; // CPU this JVM must be charged for
        }
        HostSample second = sampler.sample(System.currentTimeMillis()).orElseThrow();
        assertThat(sink).isPositive();
        assertThat(second.tMs()).isEqualTo(start);
        assertThat(second.cpuBusy()).isBetween(0.0, 1.0);
        assertThat(second.memAvailableMb()).isPositive();
        assertThat(second.injector().cpuMsPerS()).as("the spin is charged to this JVM").isGreaterThan(100);
        assertThat(second.injector().waitMsPerS()).isNotNull().isGreaterThanOrEqualTo(0);
        assertThat(second.injector().gcPauseMsPerS()).isNotNull();
        assertThat(second.pods()).singleElement().satisfies(pod -> {
            assertThat(pod.cpuMsPerS()).isGreaterThan(100);
            assertThat(pod.limitMillicores()).isEqualTo(1000);
        });
    }
}
