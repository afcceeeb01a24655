package dev.saleday.simulations.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CpuSpeedProbeTest {

    @Test
    void eachCpuHasItsOwnPinnedProbeAndReadings() throws Exception {
        int cpus = Runtime.getRuntime().availableProcessors();
        try (CpuSpeedProbe probe = CpuSpeedProbe.start()) {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> probe.latestMicros().stream().allMatch(reading -> reading != null));
            assertThat(probe.latestMicros()).hasSize(cpus).allSatisfy(micros ->
                    // the computation is ~1 M multiply-adds over 1 MiB: tens of µs at the very least, never seconds
                    assertThat(micros).isBetween(10.0, 1_000_000.0));
            // each probe thread is bound to its CPU alone (taskset on the thread), as the kernel says
            assertThat(probeThreadsAllowedCpus()).hasSize(cpus).allSatisfy((name, allowed) ->
                    assertThat(allowed).isEqualTo(name.substring("cpu-probe-".length())));
        }
    }

    @Test
    void closingStopsItsThreads() throws Exception {
        CpuSpeedProbe probe = CpuSpeedProbe.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> probeThreadsAllowedCpus().size()
                == Runtime.getRuntime().availableProcessors());
        probe.close();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> probeThreadsAllowedCpus().isEmpty());
    }

    /** @return this process's probe threads by name -> their Cpus_allowed_list, from /proc */
    static Map<String, String> probeThreadsAllowedCpus() throws IOException {
        Map<String, String> allowed = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    if (name.startsWith("cpu-probe-")) {
                        Files.readAllLines(task.resolve("status")).stream()
                                .filter(line -> line.startsWith("Cpus_allowed_list:"))
                                .findFirst().ifPresent(line -> allowed.put(name, line.substring(line.indexOf(':') + 1)
                                        .strip()));
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return allowed;
    }
}
