package dev.saleday.simulations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saleday.plan.Phase;
import dev.saleday.plan.Slo;
import dev.saleday.plan.Traffic;
import dev.saleday.simulations.support.ModelProcess;
import dev.saleday.simulations.support.Plans;
import dev.saleday.simulations.support.TestTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A short sale day through Gatling in-process, against the reference model as a real process. */
class SaleDayLoadTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path runDir;

    @Test
    void drivesExactlyEveryPlannedRequestOfEveryPhaseAndWritesItsRecords() throws IOException {
        Traffic traffic = Plans.shortSaleDay();
        AtomicLong loadStart = new AtomicLong(-1);
        List<LoadProgress> seconds = new CopyOnWriteArrayList<>();
        LoadResult result;
        long predictionsAnswered;
        try (ModelProcess model = ModelProcess.start("model-a", runDir.resolve("model.log"))) {
            LoadSettings settings = LoadSettings.of(traffic, model.url(), runDir).withPlanName("short-sale-day")
                    .withListener(new LoadListener() {
                        @Override
                        public void onLoadStart(long loadStartMs) {
                            loadStart.set(loadStartMs);
                        }

                        @Override
                        public void onSecond(LoadProgress progress) {
                            seconds.add(progress);
                        }
                    });
            result = LoadRun.run(settings);
            predictionsAnswered = predictionsAnsweredBy(model);
        }

        // No SLOs here: how fast the model answers depends on the machine; the counts do not.
        assertThat(result.exitStatus()).as("Gatling's exit status").isEqualTo(LoadResult.OK);
        assertThat(result.simulationLog()).isRegularFile();
        assertThat(result.simulationLog().startsWith(runDir.resolve("gatling"))).isTrue();
        assertThat(result.simulationLog().resolveSibling("index.html")).as("Gatling's own report").isRegularFile();
        assertThat(result.loadStartMs()).isEqualTo(loadStart.get()).isPositive();
        // The schedule is exact (seeded, whole requests): each phase sends exactly its rate x duration x scale, e.g.
        // the pre-sale ramp 10k -> 40k rps over 2 s at scale 0.005 is 25k x 2 x 0.005 = 250 requests.
        Map<String, Long> expected = Map.of("baseline", 150L, "pre-sale", 250L, "peak", 600L, "post-sale", 225L);
        for (Phase phase : traffic.phases()) {
            double planned = (phase.startRateRps() + phase.endRateRps()) / 2 * phase.duration().toMillis() / 1000.0
                    * traffic.scale();
            PhaseCounts counts = result.phase(phase.name()).orElseThrow();
            assertThat(planned).as("the plan's own count for " + phase.name())
                    .isCloseTo(expected.get(phase.name()), within(1e-6));
            assertThat(counts.planned()).as("requests planned in " + phase.name()).isEqualTo(expected.get(phase.name()));
            assertThat(counts.sent()).as("requests sent in " + phase.name()).isEqualTo(expected.get(phase.name()));
            assertThat(counts.ok() + counts.failed()).as("answers in " + phase.name()).isEqualTo(counts.sent());
            assertThat(counts.ok()).as("good answers in " + phase.name()).isPositive();
        }
        assertThat(result.health().intendedRequests()).isEqualTo(1225);
        // and the target itself answered exactly that many predictions (its own counter, not the load's)
        assertThat(predictionsAnswered).as("/predict answers counted by the model").isEqualTo(1225);
        assertThat(result.health().sentRequests()).isEqualTo(result.phases().stream().mapToLong(PhaseCounts::sent).sum());

        List<JsonNode> injector = readLines(runDir.resolve("injector.jsonl"));
        assertThat(injector.get(0).get("format").asText()).isEqualTo("saleday.injector");
        assertThat(injector.get(0).get("shard").asText()).isEqualTo("0/1");
        assertThat(injector.get(0).get("loadStartMs").asLong()).isEqualTo(result.loadStartMs());
        long intended = injector.stream().skip(1).mapToLong(n -> n.get("intended").asLong()).sum();
        long sent = injector.stream().skip(1).mapToLong(n -> n.get("sent").asLong()).sum();
        long totalSent = result.phases().stream().mapToLong(PhaseCounts::sent).sum();
        assertThat(intended).isEqualTo(result.phases().stream().mapToLong(PhaseCounts::planned).sum());
        assertThat(sent).isEqualTo(totalSent);
        assertThat(injector.stream().skip(1).map(n -> n.get("t").asLong() % 1000)).containsOnly(0L);

        List<JsonNode> answers = readLines(runDir.resolve("answers.jsonl"));
        assertThat(answers.get(0).get("format").asText()).isEqualTo("saleday.answers");
        assertThat(answers.stream().skip(1).mapToLong(n -> n.get("ok").asLong() + n.get("failed").asLong()).sum())
                .isEqualTo(totalSent);
        assertThat(answers.stream().skip(1).filter(n -> n.get("ok").asLong() > 0).map(n -> n.get("pod").asText()))
                .containsOnly("model-a");
        assertThat(answers.stream().skip(1).filter(n -> n.get("ok").asLong() > 0).map(n -> n.get("version").asText()))
                .containsOnly("v1.0");

        assertThat(seconds).hasSizeGreaterThanOrEqualTo(9);
        assertThat(seconds.stream().mapToLong(LoadProgress::sentRps).sum()).isEqualTo(totalSent);
    }

    @Test
    void aBrokenSloFailsTheRunLikeAPlainGatlingAssertion() throws IOException {
        try (TestTarget target = TestTarget.start()) {
            target.failWhen(n -> n % 10 == 0);
            Traffic traffic = Plans.traffic(1, 7, List.of(Plans.constant("only", 2, 50)));
            Slo slo = Plans.slo(List.of(), List.of(new Slo.Errors("only", 0.01)));
            LoadResult result = LoadRun.run(LoadSettings.of(traffic, target.url(), runDir).withSlo(slo));
            assertThat(result.exitStatus()).isEqualTo(LoadResult.ASSERTIONS_FAILED);
            PhaseCounts only = result.phase("only").orElseThrow();
            assertThat(target.predictions()).isEqualTo(only.sent());
            assertThat(only.failed()).as("at least the target's 503s").isGreaterThanOrEqualTo(target.predictions() / 10);
        }
    }

    @Test
    void aShardDrivesExactlyItsShareOfEveryPhase() throws IOException {
        try (TestTarget target = TestTarget.start()) {
            Traffic traffic = Plans.traffic(1, 42, List.of(Plans.constant("flat", 1, 40), Plans.ramp("up", 1, 40, 80)));
            LoadResult result = LoadRun.run(LoadSettings.of(traffic, target.url(), runDir)
                    .withShard(dev.saleday.simulations.traffic.Shard.parse("1/2")));
            assertThat(result.phase("flat").orElseThrow().planned()).isEqualTo(20);
            assertThat(result.phase("up").orElseThrow().planned()).isEqualTo(30);
            assertThat(result.phases()).allSatisfy(p -> assertThat(p.sent()).isEqualTo(p.planned()));
            assertThat(target.predictions()).isEqualTo(50);
            assertThat(readLines(runDir.resolve("injector.jsonl")).get(0).get("shard").asText()).isEqualTo("1/2");
            // a shard writes its simulation.log, not Gatling's HTML report: nobody reads a shard's report
            assertThat(result.simulationLog()).exists();
            assertThat(result.simulationLog().resolveSibling("index.html")).doesNotExist();
        }
    }

    /** The model's own count of /predict answers, every status, from its Prometheus metrics. */
    private static long predictionsAnsweredBy(ModelProcess model) throws IOException {
        try {
            String metrics = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(model.url().resolve("/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            return metrics.lines().filter(l -> l.startsWith("model_requests_total{route=\"/predict\""))
                    .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static List<JsonNode> readLines(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }
}
