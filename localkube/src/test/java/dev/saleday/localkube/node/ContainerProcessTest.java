package dev.saleday.localkube.node;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The process wrapper: exit codes, SIGTERM forwarding, and no child left behind when its parent JVM is killed. */
class ContainerProcessTest {

    @TempDir
    Path dir;

    @Test
    void exitCodesAreTheContainersAndSigtermReachesIt() throws Exception {
        ContainerProcess failing = ContainerProcess.start(List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"),
                Map.of(), new ContainerLogFile(dir.resolve("a.log"), 1 << 20), dir.resolve("a.pid"));
        assertThat(failing.exit().get(10, TimeUnit.SECONDS)).isEqualTo(3);
        // the exit is reported once both streams are in the log, each line a CRI entry of its own stream
        assertThat(Files.readAllLines(dir.resolve("a.log"))).hasSize(2)
                .anyMatch(line -> line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z stdout F out"))
                .anyMatch(line -> line.matches("\\S{30} stderr F err"));

        ContainerProcess sleeper = ContainerProcess.start(List.of("sleep", "60"), Map.of("X", "1"),
                new ContainerLogFile(dir.resolve("b.log"), 1 << 20), dir.resolve("b.pid"));
        // the pid is setsid's until it execs the container's command, a moment after start
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                ProcessHandle.of(sleeper.pid()).orElseThrow().info().command().orElse("")).endsWith("sleep"));
        sleeper.terminate();
        assertThat(sleeper.exit().get(10, TimeUnit.SECONDS)).isEqualTo(143);

        ContainerProcess stubborn = ContainerProcess.start(List.of("/bin/sh", "-c", "trap '' TERM; sleep 60 & wait"),
                Map.of(), new ContainerLogFile(dir.resolve("c.log"), 1 << 20), dir.resolve("c.pid"));
        List<ProcessHandle> tree = await().atMost(Duration.ofSeconds(5)).until(() ->
                ProcessHandle.of(stubborn.pid()).orElseThrow().descendants().toList(), list -> !list.isEmpty());
        stubborn.kill();
        assertThat(stubborn.exit().get(10, TimeUnit.SECONDS)).isEqualTo(137);
        await().atMost(Duration.ofSeconds(5)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void containersDieWithTheirParentJvmEvenOnKillMinus9() throws Exception {
        Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ParentDeathMain.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).startsWith("container ");
            ProcessHandle container = ProcessHandle.of(Long.parseLong(line.substring("container ".length())))
                    .orElseThrow();
            List<ProcessHandle> tree = await().atMost(Duration.ofSeconds(5)).until(() ->
                    container.descendants().toList(), list -> !list.isEmpty());

            parent.destroyForcibly(); // SIGKILL: no shutdown hook runs
            parent.waitFor(10, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(10)).until(() -> !container.isAlive()
                    && tree.stream().noneMatch(ProcessHandle::isAlive));
        } finally {
            parent.destroyForcibly();
        }
    }
}
