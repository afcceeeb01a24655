package dev.saleday.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same short plan three times on the embedded cluster: alone; with two busy loops (one per core of the build
 * machine) from 5 s to 20 s into the load at normal priority; and with the same loops under {@code nice -n 19}. The
 * loops at normal priority take the CPU from saleday's own processes: INVALID by host starvation, the stretch named,
 * never FAIL. Niced, they only soak up what our processes leave: the verdict is the one of the run without them.
 */
class HostStarvationEndToEndTest {

    static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);

    @Test
    void busyLoopsStarveTheRunButNicedOnesChangeNothing(@TempDir Path tmp) throws Exception {
        Path planFile = tmp.resolve("busy.yaml");
        Files.writeString(planFile, """
                apiVersion: saleday/v1
                kind: GameDay
                metadata: {name: busy}
                target:
                  cluster: local
                  namespace: shop
                  deployment: recommendation
                  service: recommendation-service
                  manifests: %s
                traffic:
                  connections: shared
                  phases:
                    - {name: steady, duration: 25s, rate: 20}
                slo:
                  latency: [{phase: steady, p99: 10s}]
                """.formatted(CiPlanEndToEndTest.MANIFESTS.resolve("overlays/local")));

        Run alone = run(tmp, planFile, "alone", null);
        Run busy = run(tmp, planFile, "busy", List.of("sh", "-c", "while :; do :; done"));
        Run niced = run(tmp, planFile, "niced", List.of("nice", "-n", "19", "sh", "-c", "while :; do :; done"));

        assertThat(busy.exit).as(busy.output).isEqualTo(2);
        assertThat(busy.verdict.path("verdict").asText()).isEqualTo("INVALID");
        assertThat(busy.verdict.path("invalidBy").toString()).contains("host");
        JsonNode headroom = check(busy.verdict, "validity.hostHeadroom");
        assertThat(headroom.path("passed").asBoolean()).isFalse();
        assertThat(headroom.path("detail").asText()).containsPattern("from 0:\\d\\d to 0:\\d\\d")
                .contains("unreliable: latency.steady.p99");
        assertThat(busy.output).contains("verdict: INVALID (host starvation");

        assertThat(niced.verdict.path("verdict").asText()).as(niced.output)
                .isEqualTo(alone.verdict.path("verdict").asText());
        assertThat(niced.verdict.path("invalidBy")).isEqualTo(alone.verdict.path("invalidBy"));
    }

    private record Run(int exit, String output, JsonNode verdict) {
    }

    /** Runs the plan; {@code loop} (one per CPU) runs from 5 s to 20 s into the load when given. */
    private static Run run(Path tmp, Path plan, String name, List<String> loop) throws Exception {
        Path runDir = tmp.resolve(name);
        List<Process> loops = new ArrayList<>();
        try (SaledayProcess saleday = SaledayProcess.start(tmp.resolve(name + ".txt"), "run", plan.toString(),
                "--out", runDir.toString())) {
            if (loop != null) {
                Signals.awaitLoadSecond(saleday, 5, Duration.ofMinutes(3));
                for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
                    loops.add(new ProcessBuilder(loop).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
                }
                Signals.awaitLoadSecond(saleday, 20, Duration.ofSeconds(60));
                stop(loops);
            }
            int exit = saleday.waitFor(RUN_TIMEOUT);
            return new Run(exit, saleday.output(), RunRecords.json(runDir.resolve("verdict.json")));
        } finally {
            stop(loops);
        }
    }

    private static void stop(List<Process> loops) throws IOException {
        for (Process process : loops) {
            process.destroyForcibly();
        }
        loops.clear();
    }

    private static JsonNode check(JsonNode verdict, String name) {
        return StreamSupport.stream(verdict.path("checks").spliterator(), false)
                .filter(c -> c.path("name").asText().equals(name)).findFirst().orElseThrow();
    }
}
