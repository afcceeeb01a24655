package dev.saleday.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Readiness before the model is loaded, after, and while draining. */
class ReadinessIT {
    @RegisterExtension
    static final ModelProcesses PROCESSES = new ModelProcesses();

    @Test
    void not_ready_while_loading_then_ready_then_not_ready_while_draining() throws Exception {
        long startNanos = System.nanoTime();
        ModelProcess model = PROCESSES.start(Map.of("STARTUP_DELAY", "5s", "DRAIN_DELAY_MS", "1500"));
        String url = model.baseUrl();

        // Loading: alive, not ready, predict refused with 503 (a raw socket client: no client warm-up to wait for).
        try (KeepAliveConnection connection = new KeepAliveConnection("127.0.0.1", model.port())) {
            assertThat(connection.get("/healthz").status()).isEqualTo(200);
            var loading = connection.get("/readyz");
            assertThat(loading.status()).as("stdout: %s", model.stdout()).isEqualTo(503);
            assertThat(loading.body()).contains("\"status\":\"loading\"");
            var early = connection.post("/predict", "{\"userId\": 1, \"k\": 1}");
            assertThat(early.status()).isEqualTo(503);
            assertThat(early.body()).contains("still loading");
        }

        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> Http.get(url + "/readyz").statusCode() == 200);
        assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(Http.post(url + "/predict", "{\"userId\": 1, \"k\": 1}").statusCode()).isEqualTo(200);

        // Draining: readiness 503 at once, requests still answered but with Connection: close.
        try (KeepAliveConnection connection = new KeepAliveConnection("127.0.0.1", model.port())) {
            assertThat(connection.post("/predict", "{\"userId\": 2, \"k\": 3}").connectionClose()).isFalse();
            model.sigterm();
            Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                    .until(() -> Http.get(url + "/readyz").statusCode() == 503);
            var draining = Http.get(url + "/readyz");
            assertThat(draining.body()).contains("\"status\":\"draining\"");
            assertThat(draining.headers().firstValue("Connection")).hasValue("close");
            var served = connection.post("/predict", "{\"userId\": 2, \"k\": 3}");
            assertThat(served.status()).isEqualTo(200);
            assertThat(served.connectionClose()).isTrue();
            assertThat(Http.get(url + "/healthz").statusCode()).isEqualTo(200);
        }
        assertThat(model.awaitExit(Duration.ofSeconds(15))).isZero();
        assertThat(model.stdout()).contains("SIGTERM: readiness now 503").contains("every request answered");
    }

    /**
     * A container's CPU limit holds for its start too (the kernel's quota counts every thread): at 50m the training
     * (0.1-0.2 s of CPU) waits for budget, so it takes at least 10 times its CPU time in wall time; unpaced it took
     * about its CPU time.
     */
    @Test
    void the_training_stays_within_the_cpu_limit() throws Exception {
        ModelProcess model = PROCESSES.start(Map.of("STARTUP_DELAY", "0s", "CPU_LIMIT_MILLICORES", "50"));
        String url = model.baseUrl();
        model.awaitReady(Duration.ofSeconds(60));
        java.util.regex.Matcher trained = java.util.regex.Pattern
                .compile("trained in (\\d+) ms \\(.*, (\\d+) ms of CPU\\)").matcher(model.stdout());
        assertThat(trained.find()).as(model.stdout()).isTrue();
        long wallMs = Long.parseLong(trained.group(1));
        long cpuMs = Long.parseLong(trained.group(2));
        assertThat(cpuMs).as(model.stdout()).isPositive();
        // 50m is 1/20 of a CPU; the first period's budget and the pace's step allow some slack
        assertThat(wallMs).as("wall ms for %d ms of CPU at 50m", cpuMs).isGreaterThanOrEqualTo(10 * cpuMs);
    }
}
