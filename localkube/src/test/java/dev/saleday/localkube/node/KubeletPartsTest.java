package dev.saleday.localkube.node;

import io.fabric8.kubernetes.api.model.ExecAction;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The kubelet's pure parts: the model image, back-off, probe thresholds, CPU averaging, env expansion, preStop sleep detection. */
class KubeletPartsTest {

    @Test
    void backOffRestartsAtOnceThenDoublesUpToTheCapAndResetsAfterALongRun() {
        BackOff backOff = new BackOff(Duration.ofSeconds(10), Duration.ofSeconds(40));
        Duration shortRun = Duration.ofSeconds(1);
        assertThat(List.of(backOff.next(shortRun), backOff.next(shortRun), backOff.next(shortRun),
                backOff.next(shortRun), backOff.next(shortRun)))
                .containsExactly(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40),
                        Duration.ofSeconds(40));
        assertThat(backOff.next(Duration.ofSeconds(81))).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> new BackOff(Duration.ofSeconds(10), Duration.ofSeconds(5)))
                .hasMessageContaining("base <= max");
    }

    @Test
    void probeVerdictNeedsConsecutiveResults() {
        ProbeTracker tracker = new ProbeTracker(2, 3);
        assertThat(tracker.record(true)).isEqualTo(ProbeTracker.Verdict.UNCHANGED);
        assertThat(tracker.record(true)).isEqualTo(ProbeTracker.Verdict.SUCCEEDED);
        assertThat(tracker.record(false)).isEqualTo(ProbeTracker.Verdict.UNCHANGED);
        assertThat(tracker.record(false)).isEqualTo(ProbeTracker.Verdict.UNCHANGED);
        assertThat(tracker.record(true)).isEqualTo(ProbeTracker.Verdict.UNCHANGED);
        assertThat(tracker.record(false)).isEqualTo(ProbeTracker.Verdict.UNCHANGED);
        assertThat(tracker.record(false)).isEqualTo(ProbeTracker.Verdict.UNCHANGED);
        assertThat(tracker.record(false)).isEqualTo(ProbeTracker.Verdict.FAILED);
    }

    @Test
    void cpuIsAveragedOverTheWindowAcrossRestarts() {
        CpuAccount account = new CpuAccount(Duration.ofSeconds(60));
        long second = 1_000_000_000L;
        assertThat(account.averageMillicores(Duration.ofSeconds(10))).isEmpty();
        account.add(0, 0);
        account.add(second, second / 2);     // 500m
        account.add(2 * second, second / 4); // 250m (a restarted process only adds its own growth)
        assertThat(account.averageMillicores(Duration.ofSeconds(10)).orElseThrow()).isEqualTo(375.0);
        assertThat(account.averageMillicores(Duration.ofSeconds(1)).orElseThrow()).isEqualTo(250.0);
    }

    @Test
    void envReferencesExpandToEarlierVariables() {
        Map<String, String> earlier = Map.of("POD_NAME", "web-1");
        assertThat(EnvResolver.expand("hi $(POD_NAME), $(UNKNOWN) costs $$5", earlier))
                .isEqualTo("hi web-1, $(UNKNOWN) costs $5");
    }

    @Test
    void preStopSleepCommandsAreRecognised() {
        assertThat(ContainerStop.sleepOf(new ExecAction(List.of("sleep", "5")))).hasValue(Duration.ofSeconds(5));
        assertThat(ContainerStop.sleepOf(new ExecAction(List.of("/bin/sh", "-c", "sleep 1.5"))))
                .hasValue(Duration.ofMillis(1500));
        assertThat(ContainerStop.sleepOf(new ExecAction(List.of("/bin/sh", "-c", "sleep 1; kill 1")))).isEmpty();
    }

    @Test
    void theModelImageRunsTheJarWithItsTagAndAHeapFromTheMemoryLimit() throws Exception {
        Path jar = Files.createTempFile("model", ".jar");
        try {
            ContainerResources limits = new ContainerResources(OptionalLong.of(128L << 20),
                    OptionalLong.of(300));
            ContainerLaunch launch = ImageCatalog.model(jar).resolve("saleday/recommendation:v1.1", limits)
                    .orElseThrow();
            assertThat(launch.env()).containsEntry("MODEL_VERSION", "v1.1");
            assertThat(launch.command()).contains("-Xmx96m", "-XX:ActiveProcessorCount=1", "-jar", jar.toString());
            assertThat(ImageCatalog.model(jar).resolve("saleday/other:v1", limits)).isEmpty();
            assertThat(ImageCatalog.model(jar).resolve("saleday/recommendation:", limits)).isEmpty();
        } finally {
            Files.delete(jar);
        }
    }

    @Test
    void podAddressesCountThroughLoopbackBlocks() {
        assertThat(PodIpPool.address(0)).isEqualTo("127.0.1.1");
        assertThat(PodIpPool.address(253)).isEqualTo("127.0.1.254");
        assertThat(PodIpPool.address(254)).isEqualTo("127.0.2.1");
    }
}
