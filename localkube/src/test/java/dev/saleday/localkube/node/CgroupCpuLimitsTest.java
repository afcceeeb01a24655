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
                Files.createFile(dir.resolve("busy.log")), dir.resolve("busy.pid"));
        Optional<Path> group = Optional.empty();
        try {
            group = cgroups.limit("test-" + busy.pid(), busy.pid(), 100);
            assertThat(group).isPresent();
            Duration before = busy.cpuTime();
            long startNanos = System.nanoTime();
            Thread.sleep(2_000); // the measurement window
            double millicores = (busy.cpuTime().minus(before).toNanos() * 1000.0) / (System.nanoTime() - startNanos);
            assertThat(millicores).isLessThan(250);
        } finally {
            busy.kill();
            busy.exit().get(10, TimeUnit.SECONDS);
            group.ifPresent(cgroups::release);
        }
        assertThat(group.map(Files::exists).orElse(false)).isFalse();
    }
}
