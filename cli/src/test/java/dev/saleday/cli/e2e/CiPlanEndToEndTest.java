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
 * plans/ci.yaml on the embedded cluster, as CI runs it: PASS with every output present; and the same plan on a model
 * whose graceful shutdown is disabled: FAIL on zero downtime of the rollout, the failing check naming it.
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

        // what the pods saw, scraped through the API server's pod proxy, adds up with what the client saw
        ServerView server = PodCountsCrossCheck.assertAddsUp(runDir);
        assertThat(server.pods()).as("pods killed, rolled and added all scraped").hasSizeGreaterThanOrEqualTo(4);
        assertThat(server.pods()).anyMatch(p -> !p.atEnd()).anyMatch(ServerView.PodServed::atEnd);
        assertThat(server.notes()).allMatch(n -> !n.contains("could not be read"));
        String page = Files.readString(runDir.resolve("report/index.html"), StandardCharsets.UTF_8);
        assertThat(page).contains("What the pods saw", "Client p99 vs the pods&#39; p99", "CPU per pod vs its limit",
                "id=\"capacity\"", "peak: ceil(100000 / ", "id=\"cost\"", "Fixed, sized for the peak");
    }

    @Test
    void gracefulShutdownDisabledFailsOnZeroDowntimeOfTheRollout(@TempDir Path tmp) throws Exception {
        Path manifests = brokenShutdownManifests(tmp.resolve("k8s"));
        Path plan = tmp.resolve("ci-broken-shutdown.yaml");
        // ...and asks the pods for metrics on a port they do not have: one line in the report, nothing else changes
        Files.writeString(plan, Files.readString(CI_PLAN, StandardCharsets.UTF_8)
                .replace("manifests: ../k8s/overlays/local", "manifests: " + manifests)
                + "observe: {port: nosuch, checks: {errorRate: 1%}}\n");
        Path runDir = tmp.resolve("run");
        int exit;
        String output;
        try (SaledayProcess saleday = SaledayProcess.start(tmp.resolve("out.txt"), "run", plan.toString(),
                "--out", runDir.toString())) {
            exit = saleday.waitFor(RUN_TIMEOUT);
            output = saleday.output();
        }

        assertThat(exit).as(output).isEqualTo(1);
        // the rollout ran: the check failed on the requests it dropped, not because it was never tested
        assertThat(RunRecords.chaos(runDir, "release-v1.1", "applied")).as(output).hasSize(1);
        JsonNode verdict = RunRecords.json(runDir.resolve("verdict.json"));
        assertThat(verdict.path("verdict").asText()).isEqualTo("FAIL");
        List<String> failed = Stream.of(verdict.path("checks")).flatMap(c -> Stream.iterate(0, i -> i < c.size(),
                i -> i + 1).map(c::get)).filter(c -> !c.path("passed").asBoolean())
                .map(c -> c.path("name").asText()).toList();
        assertThat(failed).anyMatch(name -> name.contains("zeroDowntime") && name.contains("release-v1.1"));
        // the load itself saw the drops (a cut request is never silently re-sent), not only the prober by chance
        String detail = Stream.of(verdict.path("checks")).flatMap(c -> Stream.iterate(0, i -> i < c.size(),
                i -> i + 1).map(c::get)).filter(c -> c.path("name").asText().equals("zeroDowntime.release-v1.1.failed"))
                .findFirst().orElseThrow().path("detail").asText();
        assertThat(detail).containsPattern("\\(load [1-9]\\d*, prober \\d+\\)");
        assertThat(output).containsPattern("FAIL +zeroDowntime\\S*release-v1\\.1");
        // the server check the plan asked for is not reached (nothing could be scraped): neither passed nor failed
        JsonNode serverCheck = Stream.of(verdict.path("checks")).flatMap(c -> Stream.iterate(0, i -> i < c.size(),
                i -> i + 1).map(c::get)).filter(c -> c.path("name").asText().equals("server.errorRate"))
                .findFirst().orElseThrow();
        assertThat(serverCheck.path("reached").asBoolean(true)).as(serverCheck.toString()).isFalse();
        assertThat(serverCheck.path("detail").asText()).contains("has no port named nosuch");
        String page = Files.readString(runDir.resolve("report/index.html"), StandardCharsets.UTF_8);
        assertThat(page.split("<strong>Server side:</strong>", -1)).hasSize(2);
        assertThat(page).contains("<strong>Server side:</strong> the pods&#39; metrics could not be read (",
                "has no port named nosuch");
    }

    /** A copy of k8s/ whose local overlay turns the model's graceful shutdown off (and answers in 20 ms). */
    static Path brokenShutdownManifests(Path copy) throws Exception {
        try (Stream<Path> files = Files.walk(MANIFESTS)) {
            for (Path file : files.filter(p -> !p.toString().contains("/target")).toList()) {
                Path target = copy.resolve(MANIFESTS.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Path patch = copy.resolve("overlays/local/configmap-patch.yaml");
        String text = Files.readString(patch, StandardCharsets.UTF_8);
        assertThat(text).contains("data:");
        // What the broken shutdown drops is what its kept-alive connections carry when it halts (ci.yaml's load shares
        // a keep-alive pool; the preStop sleep keeps new connections away). A model that answers in under a
        // millisecond has almost nothing in flight then, so the loss would be left to chance; 20 ms per answer, as
        // real models take, keeps ~10 requests in flight at the peak. Latency alone fails nothing (the timeout is 2 s).
        Files.writeString(patch, text.stripTrailing()
                + "\n  GRACEFUL_SHUTDOWN: \"false\"\n  FAULT_LATENCY_MS: \"20\"\n");
        return copy.resolve("overlays/local");
    }
}
