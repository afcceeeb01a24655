package dev.saleday.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** FEATURE_STORE_PASSWORD appears in no output: stdout, stderr, metrics, bodies, headers, from start to exit. */
class SecretIT {
    @RegisterExtension
    static final ModelProcesses PROCESSES = new ModelProcesses();

    @Test
    void the_secret_is_in_no_output() throws Exception {
        ModelProcess model = PROCESSES.start(Map.of("FAULT_ERROR_RATE", "0.5", "DRAIN_DELAY_MS", "100"));
        String url = model.baseUrl();
        model.awaitReady(Duration.ofSeconds(20));
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            responses.add(Http.post(url + "/predict", "{\"userId\": " + i + ", \"k\": 5}")); // 200s and injected 500s
        }
        responses.add(Http.post(url + "/predict", "{\"userId\": \"" + ModelProcess.TEST_PASSWORD + "x\"}"));
        responses.add(Http.post(url + "/predict", "nonsense"));
        responses.add(Http.get(url + "/predict"));
        responses.add(Http.get(url + "/nope"));
        responses.add(Http.get(url + "/healthz"));
        responses.add(Http.get(url + "/readyz"));
        responses.add(Http.get(url + "/metrics"));
        assertThat(responses).extracting(HttpResponse::statusCode).contains(200, 400, 404, 405, 500);
        model.sigterm();
        assertThat(model.awaitExit(Duration.ofSeconds(15))).isZero();

        String password = ModelProcess.TEST_PASSWORD;
        for (HttpResponse<String> response : responses) {
            assertThat(response.body()).doesNotContain(password);
            assertThat(response.headers().map().toString()).doesNotContain(password);
        }
        assertThat(model.stdout()).contains("listening on").doesNotContain(password);
        assertThat(model.stderr()).doesNotContain(password);
    }
}
