package dev.saleday.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.localkube.LocalKubeConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code -Dsaleday.localkube.cgroupCpuLimits} that is neither true nor false is refused with exit 2 before
 * {@code saleday run} or {@code saleday capacity} starts the embedded cluster or writes a run directory.
 */
class KernelCpuLimitsOptionTest {

    @TempDir
    Path out;

    @AfterEach
    void clearProperty() {
        System.clearProperty(LocalKubeConfig.KERNEL_CPU_LIMITS_PROPERTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "capacity"})
    void neitherTrueNorFalseIsRefusedBeforeTheCluster(String command) {
        System.setProperty(LocalKubeConfig.KERNEL_CPU_LIMITS_PROPERTY, "maybe");
        StringWriter console = new StringWriter();
        StringWriter err = new StringWriter();
        Path runs = out.resolve("runs");
        int code = Saleday.execute(new PrintWriter(console), new PrintWriter(err), command, "../plans/ci.yaml",
                "--out", runs.toString());
        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.INVALID);
        assertThat(err.toString()).contains("-Dsaleday.localkube.cgroupCpuLimits: expected true or false (the pods"
                + " held to their CPU limits by the kernel's CFS quota, or not), got 'maybe'");
        assertThat(console.toString()).doesNotContain("cluster: embedded cluster");
        assertThat(Files.exists(runs)).as("no run directory").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "FALSE", " false "})
    void trueOrFalseIsTaken(String value) {
        System.setProperty(LocalKubeConfig.KERNEL_CPU_LIMITS_PROPERTY, value);
        assertThat(LocalKubeConfig.kernelCpuLimits()).isEqualTo(value.strip().equalsIgnoreCase("true"));
    }
}
