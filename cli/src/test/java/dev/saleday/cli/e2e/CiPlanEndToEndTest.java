package dev.saleday.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.saleday.cli.Saleday;
import dev.saleday.plan.Phase;
import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * plans/ci.yaml on the embedded cluster, as CI runs it: PASS with every output present. The same plan on a model whose
 * graceful shutdown is disabled (FAIL on zero downtime of the rollout, the load's own drops in the check) is run by
 * examples-test's ExampleProjectIT, through the Maven plugin that forks this command.
 */
class CiPlanEndToEndTest {

    static final Path CI_PLAN = Path.of("..", "plans", "ci.yaml").toAbsolutePath().normalize();
    static final Path MANIFESTS = Path.of("..", "k8s").toAbsolutePath().normalize();
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(8);

    @Test
    void ciPlanPassesWithEveryOutput(@TempDir Path tmp) throws Exception {
        Path runDir = tmp.resolve("ci");
        int exit;
        String output;
        try (SaledayProcess saleday = SaledayProcess.start(tmp.resolve("out.txt"), "run", CI_PLAN.toString(),
                "--out", runDir.toString())) {
            exit = saleday.waitFor(RUN_TIMEOUT);
            output = saleday.output();
        }

        assertThat(exit).as(output).isZero();
        assertThat(output).contains("verdict: PASS", "replicas ", "next ");
        for (String file : List.of("plan.yaml", "run.json", "injector.jsonl", "answers.jsonl", "probe.jsonl",
                "timeline.jsonl", "journal.jsonl", "verdict.json", "summary.md", "junit.xml", "report/index.html")) {
            assertThat(runDir.resolve(file)).as(file).isNotEmptyFile();
        }
        assertThat(runDir.resolve("allure-results")).isNotEmptyDirectory();
        // the reports build fetches Allure's command line into ~/.m2, so the HTML report is generated, not explained
        assertThat(runDir.resolve("allure-report/index.html")).isNotEmptyFile();
        for (String histogram : List.of("overall", "baseline", "spike", "peak", "drop")) {
            assertThat(runDir.resolve("latency-" + histogram + ".hgrm")).as(histogram).isNotEmptyFile();
            assertThat(runDir.resolve("latency-" + histogram + "-successful.hgrm")).as(histogram).isNotEmptyFile();
        }
        try (Stream<Path> logs = Files.walk(runDir.resolve("gatling"))) {
            assertThat(logs.filter(p -> p.getFileName().toString().equals("simulation.log"))).hasSize(1);
        }
        JsonNode run = RunRecords.json(runDir.resolve("run.json"));
        assertThat(run.path("interrupted").asBoolean()).isFalse();
        assertThat(run.path("endedAtMs").asLong()).isGreaterThan(run.path("loadStartMs").asLong());
        assertThat(RunRecords.json(runDir.resolve("verdict.json")).path("verdict").asText()).isEqualTo("PASS");
        // what validate announces is what the verdict holds
        StringWriter validated = new StringWriter();
        assertThat(Saleday.execute(new PrintWriter(validated), new PrintWriter(new StringWriter()), "validate",
                CI_PLAN.toString())).isZero();
        assertThat(validated.toString()).contains(" " + RunRecords.json(runDir.resolve("verdict.json"))
                .path("checks").size() + " checks");

        Plan plan = PlanParser.parse(runDir.resolve("plan.yaml"));
        List<JsonNode> timeline = RunRecords.lines(runDir.resolve("timeline.jsonl"));
        for (Phase phase : plan.traffic().phases()) {
            for (String event : List.of("start", "end")) {
                assertThat(timeline).as(phase.name() + " " + event).anyMatch(l -> "phase".equals(l.path("kind")
                        .asText()) && phase.name().equals(l.path("name").asText())
                        && event.equals(l.path("event").asText()));
            }
        }
        assertThat(RunRecords.chaos(runDir, "kill-one", "applied")).hasSize(1);
        assertThat(RunRecords.chaos(runDir, "release-v1.1", "applied")).hasSize(1);
    }
}
