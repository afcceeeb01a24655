package dev.saleday.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.saleday.cli.Saleday;
import dev.saleday.plan.Phase;
import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanParser;
import dev.saleday.reports.observed.ServerView;
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
        // ci.yaml as it is, plus a Prometheus that is not there: the pods are still scraped, and the missing
        // Prometheus is one line in the report that changes nothing else
        Path planFile = tmp.resolve("ci.yaml");
        Files.writeString(planFile, Files.readString(CI_PLAN, StandardCharsets.UTF_8)
                .replace("manifests: ../k8s/overlays/local", "manifests: " + MANIFESTS.resolve("overlays/local"))
                + "observe: {prometheus: {url: 'http://127.0.0.1:9', queries: {up: up}}}\n");
        int exit;
        String output;
        try (SaledayProcess saleday = SaledayProcess.start(tmp.resolve("out.txt"), "run", planFile.toString(),
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

        // what the pods saw, scraped through the API server's pod proxy, adds up with what the client saw
        ServerView server = PodCountsCrossCheck.assertAddsUp(runDir);
        assertThat(server.pods()).as("pods killed, rolled and added all scraped").hasSizeGreaterThanOrEqualTo(4);
        assertThat(server.pods()).anyMatch(p -> !p.atEnd()).anyMatch(ServerView.PodServed::atEnd);
        assertThat(server.notes()).allMatch(n -> !n.contains("could not be read"));
        assertThat(server.notes()).filteredOn(n -> n.startsWith("Prometheus")).singleElement().asString()
                .startsWith("Prometheus (http://127.0.0.1:9): Prometheus at http://127.0.0.1:9 unreachable: ");
        String page = Files.readString(runDir.resolve("report/index.html"), StandardCharsets.UTF_8);
        assertThat(page.split("<strong>Server side:</strong> Prometheus", -1)).hasSize(2);
        assertThat(page).contains("What the pods saw", "Client p99 vs the pods&#39; p99", "CPU per pod vs its limit",
                "id=\"capacity\"", "peak: ceil(100000 / ", "id=\"cost\"", "Fixed, sized for the peak");
    }
}
