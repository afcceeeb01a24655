package dev.saleday.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server in this JVM, on a real socket: the corner the process tests cannot time reliably. */
class ModelServerTest {
    private ModelServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stopNow();
        }
    }

    @Test
    void sigterm_while_loading_never_becomes_ready_and_never_fails_a_predict() throws Exception {
        ModelConfig config = ModelConfig.fromEnvironment(Map.of("FEATURE_STORE_PASSWORD", "x", "HOST", "127.0.0.1",
                "PORT", "0", "STARTUP_DELAY", "1500ms", "DRAIN_DELAY_MS", "3000"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        server = ModelServer.start(config, new PrintStream(log, true, StandardCharsets.UTF_8));
        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(server::drainAndStop);
        try (KeepAliveConnection connection = new KeepAliveConnection("127.0.0.1", server.port())) {
            Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                    .until(() -> connection.get("/readyz").body().contains("draining"));
            // Past STARTUP_DELAY and training: still draining, and predict says "loading" or answers, never 500.
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> log.toString(StandardCharsets.UTF_8).contains("trained in"));
            var readiness = connection.get("/readyz");
            assertThat(readiness.status()).isEqualTo(503);
            assertThat(readiness.body()).contains("draining");
            assertThat(connection.post("/predict", "{\"userId\": 1, \"k\": 2}").status()).isEqualTo(200);
        }
        assertThat(drained.get()).isTrue();
        assertThat(server.ready()).isFalse();
    }

    /**
     * One worker held 2 s by each predict, two predicts sent: the probe port answers while the first is still
     * running; the same probe on the main port waits behind both (the queue the probe port exists to avoid).
     */
    @Test
    void the_probe_port_answers_while_every_worker_is_busy_and_the_main_port_queues_the_probe() throws Exception {
        ModelConfig config = ModelConfig.fromEnvironment(Map.of("FEATURE_STORE_PASSWORD", "x", "HOST", "127.0.0.1",
                "PORT", "0", "PROBE_PORT", "0", "WORKERS", "1", "FAULT_LATENCY_MS", "2000"));
        server = ModelServer.start(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(server.probePort()).isPositive().isNotEqualTo(server.port());
        try (KeepAliveConnection probes = new KeepAliveConnection("127.0.0.1", server.probePort());
             KeepAliveConnection first = new KeepAliveConnection("127.0.0.1", server.port());
             KeepAliveConnection second = new KeepAliveConnection("127.0.0.1", server.port());
             KeepAliveConnection mainPortProbe = new KeepAliveConnection("127.0.0.1", server.port())) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(() -> probes.get("/readyz").status() == 200);
            CompletableFuture<Integer> firstPredict = CompletableFuture.supplyAsync(() -> status(first, "/predict"));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.requestsInFlight() == 1);
            CompletableFuture<Integer> secondPredict = CompletableFuture.supplyAsync(() -> status(second, "/predict"));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.requestsInFlight() == 2);
            CompletableFuture<Integer> queuedProbe = CompletableFuture.supplyAsync(() -> status(mainPortProbe, "/readyz"));

            var readiness = probes.get("/readyz");
            var liveness = probes.get("/healthz");

            assertThat(firstPredict).as("the probe port answered while the only worker was still busy").isNotDone();
            assertThat(readiness.status()).isEqualTo(200);
            assertThat(readiness.body()).contains("ready");
            assertThat(liveness.status()).isEqualTo(200);
            var metricsOnProbePort = probes.get("/metrics");
            assertThat(metricsOnProbePort.status()).as("the probe port serves the probes only").isEqualTo(404);
            // PORT=0 here: the answer names the port the main listener bound, not the 0 it was asked for
            assertThat(metricsOnProbePort.body()).contains("the rest is on port " + server.port() + ")");
            assertThat(queuedProbe.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
            // the worker took the probe after the second predict's 2 s, so the first had long been answered
            assertThat(firstPredict).as("the main port's probe waited behind the predicts").isDone();
            assertThat(firstPredict.get()).isEqualTo(200);
            assertThat(secondPredict.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
        }
    }

    private static int status(KeepAliveConnection connection, String path) {
        try {
            return path.equals("/predict") ? connection.post(path, "{\"userId\": 1, \"k\": 2}").status()
                    : connection.get(path).status();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
