package dev.saleday.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Same version, same answer in every process; a new version (a new image tag) answers differently. */
class DeterminismIT {
    @RegisterExtension
    static final ModelProcesses PROCESSES = new ModelProcesses();

    @Test
    void two_processes_of_one_version_agree_and_another_version_differs() throws Exception {
        ModelProcess a = PROCESSES.start(Map.of("MODEL_VERSION", "v1.0", "POD_NAME", "a"));
        ModelProcess b = PROCESSES.start(Map.of("MODEL_VERSION", "v1.0", "POD_NAME", "b"));
        ModelProcess c = PROCESSES.start(Map.of("MODEL_VERSION", "v1.1", "POD_NAME", "c"));
        for (ModelProcess model : new ModelProcess[] {a, b, c}) {
            model.awaitReady(Duration.ofSeconds(30));
        }
        for (String request : new String[] {"{\"userId\": 1, \"k\": 100}", "{\"userId\": 99999, \"k\": 10}",
            "{\"userId\": 0, \"k\": 5}"}) {
            HttpResponse<String> fromA = Http.post(a.baseUrl() + "/predict", request);
            HttpResponse<String> fromB = Http.post(b.baseUrl() + "/predict", request);
            HttpResponse<String> fromC = Http.post(c.baseUrl() + "/predict", request);
            assertThat(fromB.body()).isEqualTo(fromA.body());
            assertThat(fromA.headers().firstValue("X-Pod-Name")).hasValue("a");
            assertThat(fromB.headers().firstValue("X-Pod-Name")).hasValue("b");
            assertThat(fromC.headers().firstValue("X-Model-Version")).hasValue("v1.1");
            assertThat(fromC.body()).contains("\"modelVersion\":\"v1.1\"").isNotEqualTo(fromA.body());
        }
        assertThat(Http.get(c.baseUrl() + "/metrics").body()).contains("model_info{version=\"v1.1\"} 1");
    }
}
