package dev.saleday.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saleday.cli.Saleday;
import dev.saleday.plan.Phase;
import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanParser;
import dev.saleday.reports.observed.ServerView;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a PASS run of plans/ci.yaml (with an unreachable Prometheus added) leaves in its run directory: every record
 * and rendering, each phase's start and end and each fault applied on the timeline, the pods' own counts adding up
 * with the client's, and the report's server-side sections.
 */
final class CiRunOutputs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CiRunOutputs() {
    }

    static void assertComplete(Path runDir, Path ciPlan) throws Exception {
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
        JsonNode run = JSON.readTree(runDir.resolve("run.json").toFile());
        assertThat(run.path("interrupted").asBoolean()).isFalse();
        assertThat(run.path("endedAtMs").asLong()).isGreaterThan(run.path("loadStartMs").asLong());
        JsonNode verdict = JSON.readTree(runDir.resolve("verdict.json").toFile());
        assertThat(verdict.path("verdict").asText()).isEqualTo("PASS");
        // what validate announces is what the verdict holds
        StringWriter validated = new StringWriter();
        assertThat(Saleday.execute(new PrintWriter(validated), new PrintWriter(new StringWriter()), "validate",
                ciPlan.toString())).isZero();
        assertThat(validated.toString()).contains(" " + verdict.path("checks").size() + " checks");

        Plan plan = PlanParser.parse(runDir.resolve("plan.yaml"));
        List<JsonNode> timeline = lines(runDir.resolve("timeline.jsonl"));
        for (Phase phase : plan.traffic().phases()) {
            for (String event : List.of("start", "end")) {
                assertThat(timeline).as(phase.name() + " " + event).anyMatch(l -> "phase".equals(l.path("kind")
                        .asText()) && phase.name().equals(l.path("name").asText())
                        && event.equals(l.path("event").asText()));
            }
        }
        for (String fault : List.of("kill-one", "release-v1.1")) {
            assertThat(timeline).as(fault).filteredOn(l -> "chaos".equals(l.path("kind").asText())
                    && fault.equals(l.path("fault").asText()) && "applied".equals(l.path("event").asText()))
                    .hasSize(1);
        }

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

    /** Every complete line of a JSON Lines file, the header included. */
    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }
}
