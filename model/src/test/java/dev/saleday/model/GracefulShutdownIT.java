package dev.saleday.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGTERM lands while slow requests are in flight: the graceful model answers every one and exits 0; the broken
 * variant (GRACEFUL_SHUTDOWN=false) drops them.
 */
class GracefulShutdownIT {
    @RegisterExtension
    static final ModelProcesses PROCESSES = new ModelProcesses();
    private static final int IN_FLIGHT = 12;
    private final ExecutorService clients = Executors.newFixedThreadPool(IN_FLIGHT);

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    @Test
    void every_request_in_flight_when_sigterm_lands_succeeds() throws Exception {
        ModelProcess model = PROCESSES.start(Map.of("FAULT_LATENCY_MS", "1500", "DRAIN_DELAY_MS", "200"));
        List<Future<Integer>> answers = sendSlowRequestsAndTerminate(model);
        for (Future<Integer> answer : answers) {
            assertThat(answer.get()).isEqualTo(200);
        }
        assertThat(model.awaitExit(Duration.ofSeconds(15))).isZero();
        assertThat(model.stdout()).contains("every request answered");
    }

    @Test
    void the_broken_variant_drops_requests_in_flight() throws Exception {
        ModelProcess model = PROCESSES.start(Map.of("FAULT_LATENCY_MS", "1500", "GRACEFUL_SHUTDOWN", "false"));
        List<Future<Integer>> answers = sendSlowRequestsAndTerminate(model);
        int failed = 0;
        for (Future<Integer> answer : answers) {
            failed += answer.get() == 200 ? 0 : 1;
        }
        assertThat(failed).isPositive();
        assertThat(model.awaitExit(Duration.ofSeconds(5))).isEqualTo(143);
        assertThat(model.stdout()).contains("halting now");
    }

    /** Each answer is the status, or -1 when the connection broke without one. */
    private List<Future<Integer>> sendSlowRequestsAndTerminate(ModelProcess model) {
        model.awaitReady(Duration.ofSeconds(20));
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            long userId = i + 1;
            answers.add(clients.submit(() -> {
                try (KeepAliveConnection connection = new KeepAliveConnection("127.0.0.1", model.port())) {
                    return connection.post("/predict", "{\"userId\": " + userId + ", \"k\": 10}").status();
                } catch (IOException e) {
                    return -1;
                }
            }));
        }
        // SIGTERM only once every request is inside the server (the in-flight gauge counts /metrics itself too).
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> inFlight(model) >= IN_FLIGHT + 1);
        model.sigterm();
        return answers;
    }

    private static double inFlight(ModelProcess model) {
        var samples = PrometheusText.parse(Http.get(model.baseUrl() + "/metrics").body());
        return PrometheusText.value(samples, "model_requests_in_flight", Map.of());
    }
}
