package dev.saleday.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.saleday.cli.GameDays;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.verdict.Outcome;
import dev.saleday.reports.verdict.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@link GameDay} with no run handed over: it starts the plan itself, end to end (the embedded cluster, the model's
 * pods as processes, Gatling in this JVM, the analysis), and the test methods receive that run's verdict and analysis.
 * And in a JVM that does not open java.lang (a build without the argLine), the class fails at once with the option
 * to add, before anything starts: an error, not a skip.
 */
class GameDayOwnRunTest {

    /** Written by {@link #writeThePlan()}: the local overlay of k8s/, 5 s at 20 req/s, one latency bound. */
    static final String PLAN = "target/own-run/own-run.yaml";
    static final String RUNS = "target/own-run/runs";
    static final Path MANIFESTS = Path.of("..", "k8s", "overlays", "local").toAbsolutePath().normalize();

    static volatile Verdict receivedVerdict;
    static volatile RunAnalysis receivedAnalysis;
    static volatile GameDays.RunResult receivedResult;

    @BeforeAll
    static void writeThePlan() throws IOException {
        Files.createDirectories(Path.of(PLAN).getParent());
        Files.writeString(Path.of(PLAN), """
                apiVersion: saleday/v1
                kind: GameDay
                metadata: {name: own-run}
                target:
                  cluster: local
                  namespace: shop
                  deployment: recommendation
                  service: recommendation-service
                  manifests: %s
                traffic:
                  connections: shared
                  phases:
                    - {name: steady, duration: 5s, rate: 20}
                slo:
                  latency: [{phase: steady, p99: 10s}]
                """.formatted(MANIFESTS), StandardCharsets.UTF_8);
    }

    @Test
    void withNoRunHandedOverTheClassStartsItsOwnAndItsMethodsReceiveIt() {
        System.clearProperty(GameDayExtension.RUN_DIRECTORY_PROPERTY);

        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(OwnRun.class))
                .execute();

        results.containerEvents().assertStatistics(stats -> stats.failed(0).aborted(0).skipped(0));
        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(receivedVerdict.verdict()).as(String.join("; ", receivedVerdict.reasons())).isEqualTo(Outcome.PASS);
        assertThat(receivedVerdict.checks()).extracting(c -> c.name()).contains("latency.steady.p99");
        // the run this class made, on this machine's cluster: every planned arrival sent and answered
        assertThat(receivedAnalysis.phase("steady").orElseThrow().arrivals()).isEqualTo(100);
        assertThat(receivedAnalysis.phase("steady").orElseThrow().failed()).isZero();
        Path runDir = receivedResult.runDir();
        assertThat(runDir).startsWith(Path.of(RUNS).toAbsolutePath());
        for (String file : List.of("plan.yaml", "timeline.jsonl", "journal.jsonl", "verdict.json", "junit.xml")) {
            assertThat(runDir.resolve(file)).as(file).isNotEmptyFile();
        }
        assertThat(receivedResult.exitCode()).isZero();
    }

    @Test
    void aJvmThatDoesNotOpenJavaLangFailsTheClassNamingTheOption() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), WithoutAddOpens.class.getName(),
                OwnRun.class.getName()));
        Path output = Path.of("target", "own-run", "without-add-opens.txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the child JVM ended").isTrue();
        String printed = Files.readString(output, StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(printed).isZero();
        assertThat(printed).contains("tests started 0, skipped 0, aborted 0",
                "class failed: java.lang.IllegalStateException: saleday runs Gatling in this JVM, which needs"
                        + " --add-opens=java.base/java.lang=ALL-UNNAMED (Surefire/Failsafe: in <argLine>)");
        // refused before anything started: no run directory, no cluster
        assertThat(printed).doesNotContain("localkube", "run directory");
    }

    /** Runs a {@link GameDay} class in this JVM and prints what JUnit reported (the child JVM of the test above). */
    public static final class WithoutAddOpens {
        public static void main(String[] args) throws Exception {
            System.clearProperty(GameDayExtension.RUN_DIRECTORY_PROPERTY);
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(Class.forName(args[0]))).execute();
            System.out.println("tests started " + results.testEvents().started().count() + ", skipped "
                    + results.testEvents().skipped().count() + ", aborted " + results.testEvents().aborted().count());
            results.containerEvents().failed().stream().forEach(e -> e.getPayload(
                    org.junit.platform.engine.TestExecutionResult.class).flatMap(r -> r.getThrowable()).ifPresent(
                            t -> System.out.println("class failed: " + t)));
            System.out.flush();
        }
    }

    @GameDay(plan = PLAN, runsDirectory = RUNS)
    static class OwnRun {
        @org.junit.jupiter.api.Test
        void receivesItsOwnRun(Verdict verdict, RunAnalysis analysis, GameDays.RunResult result) {
            receivedVerdict = verdict;
            receivedAnalysis = analysis;
            receivedResult = result;
        }
    }
}
