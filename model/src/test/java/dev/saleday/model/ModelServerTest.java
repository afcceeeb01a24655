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
}
