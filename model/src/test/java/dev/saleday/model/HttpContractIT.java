package dev.saleday.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP contract of one real model process (the shaded jar, pod JVM flags). */
class HttpContractIT {
    @RegisterExtension
    static final ModelProcesses PROCESSES = new ModelProcesses();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ModelProcess model;
    private static String url;

    @BeforeAll
    static void start() throws InterruptedException {
        model = PROCESSES.start(Map.of("POD_NAME", "recommendation-7d9f-abcde", "MODEL_VERSION", "v1.0"));
        url = model.baseUrl();
        model.awaitReady(Duration.ofSeconds(20));
    }

    @Test
    void predict_answers_k_items_sorted_with_version_and_pod_headers() throws Exception {
        HttpResponse<String> response = Http.post(url + "/predict", "{\"userId\": 4242, \"k\": 25}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("X-Model-Version")).hasValue("v1.0");
        assertThat(response.headers().firstValue("X-Pod-Name")).hasValue("recommendation-7d9f-abcde");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("userId").asLong()).isEqualTo(4242);
        assertThat(body.get("modelVersion").asText()).isEqualTo("v1.0");
        JsonNode items = body.get("items");
        assertThat(items).hasSize(25);
        for (int i = 0; i < items.size(); i++) {
            assertThat(items.get(i).get("itemId").isIntegralNumber()).isTrue();
            assertThat(items.get(i).get("score").isNumber()).isTrue();
            if (i > 0) {
                assertThat(items.get(i).get("score").asDouble()).isLessThanOrEqualTo(items.get(i - 1).get("score").asDouble());
            }
        }
    }

    @Test
    void same_request_same_answer() {
        String first = Http.post(url + "/predict", "{\"userId\": 17, \"k\": 100}").body();
        String second = Http.post(url + "/predict", "{\"k\": 100, \"userId\": 17}").body();
        assertThat(second).isEqualTo(first);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``|request body is empty",
        "`{\"userId\": 1,`|malformed JSON",
        "`hello`|malformed JSON",
        "`[1, 2]`|request body must be a JSON object",
        "`{\"k\": 5}`|missing field 'userId'",
        "`{\"userId\": 5}`|missing field 'k'",
        "`{\"userId\": \"5\", \"k\": 5}`|userId must be an integer, got a string",
        "`{\"userId\": 1.5, \"k\": 5}`|userId must be an integer",
        "`{\"userId\": 5, \"k\": \"10\"}`|k must be an integer, got a string",
        "`{\"userId\": 5, \"k\": 0}`|k must be in 1..100, got 0",
        "`{\"userId\": 5, \"k\": 101}`|k must be in 1..100, got 101",
        "`{\"userId\": 123456789012345678901234, \"k\": 5}`|userId is out of range",
    })
    void bad_bodies_are_400_with_a_json_error_that_says_what(String body, String message) throws Exception {
        HttpResponse<String> response = Http.post(url + "/predict", body);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains(message);
    }

    @Test
    void a_body_of_exactly_64_KiB_is_read_and_one_byte_more_is_413() throws Exception {
        String json = "{\"userId\": 1, \"k\": 3}";
        String exactly = json + " ".repeat(64 * 1024 - json.length());
        assertThat(Http.post(url + "/predict", exactly).statusCode()).isEqualTo(200);
        HttpResponse<String> tooBig = Http.post(url + "/predict", exactly + " ");
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(tooBig.body()).get("error").asText()).contains("the limit is 65536 bytes");
        HttpResponse<String> chunked = Http.postChunked(url + "/predict", new byte[200_000]);
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(Http.post(url + "/predict", "{\"userId\": 1, \"k\": 3}" + " ".repeat(500_000)).statusCode())
                .isEqualTo(413);
    }

    @Test
    void unknown_paths_are_404() throws Exception {
        for (String path : new String[] {"/", "/predict/", "/predictions", "/metrics/x"}) {
            HttpResponse<String> response = Http.get(url + path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(JSON.readTree(response.body()).get("error").asText()).contains("no such path");
        }
        assertThat(Http.post(url + "/nope", "{}").statusCode()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET, /predict, POST", "PUT, /predict, POST", "DELETE, /predict, POST",
        "POST, /healthz, GET", "POST, /readyz, GET", "DELETE, /metrics, GET", "PUT, /readyz, GET"})
    void wrong_methods_are_405_with_allow(String method, String path, String allowed) throws Exception {
        HttpResponse<String> response = Http.method(url + path, method);
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue(allowed);
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains("use " + allowed);
    }

    @Test
    void health_and_readiness_once_loaded() {
        assertThat(Http.get(url + "/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = Http.get(url + "/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"ready\"");
    }

    @Test
    void metrics_parse_as_prometheus_text_and_count_what_happened() {
        Http.post(url + "/predict", "{\"userId\": 1, \"k\": 1}");
        Http.post(url + "/predict", "{\"userId\": 1}");
        HttpResponse<String> response = Http.get(url + "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        var samples = PrometheusText.parse(response.body());
        assertThat(PrometheusText.value(samples, "model_requests_total", Map.of("route", "/predict", "status", "200")))
                .isGreaterThanOrEqualTo(1);
        assertThat(PrometheusText.value(samples, "model_requests_total", Map.of("route", "/predict", "status", "400")))
                .isGreaterThanOrEqualTo(1);
        assertThat(PrometheusText.value(samples, "model_predict_duration_seconds_count", Map.of())).isGreaterThanOrEqualTo(2);
        assertThat(PrometheusText.value(samples, "model_requests_in_flight", Map.of())).isGreaterThanOrEqualTo(1);
        assertThat(PrometheusText.value(samples, "process_cpu_seconds_total", Map.of())).isPositive();
        // the JVM's own work within that CPU: the JIT has compiled the handlers by now; every collector has a line
        assertThat(PrometheusText.value(samples, "jvm_compilation_time_seconds_total", Map.of())).isPositive();
        assertThat(samples).filteredOn(sample -> sample.name().equals("jvm_gc_collection_seconds_sum"))
                .isNotEmpty().allSatisfy(sample -> assertThat(sample.labels()).containsKey("gc"));
        assertThat(PrometheusText.value(samples, "model_info", Map.of("version", "v1.0"))).isEqualTo(1);
        assertThat(PrometheusText.value(samples, "model_ready", Map.of())).isEqualTo(1);
    }
}
