package dev.saleday.recorder.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.saleday.records.PodMetricsFile;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Prometheus HTTP API as Prometheus answers it, on loopback; and a Prometheus that is not there. */
class PrometheusQueriesTest {

    private HttpServer server;
    private final AtomicReference<String> answer = new AtomicReference<>();
    private final AtomicReference<String> asked = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/query", exchange -> {
            asked.set(exchange.getRequestURI().getRawQuery());
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.get().contains("\"error\"") ? 400 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private PrometheusQueries queries() {
        return new PrometheusQueries(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Duration.ofSeconds(2));
    }

    @Test
    void vectorsAndScalarsAreRead() {
        answer.set("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"pod\":\"reco-a\"},\"value\":[1764338412.0,\"12.5\"]},"
                + "{\"metric\":{\"pod\":\"reco-b\"},\"value\":[1764338412.0,\"NaN\"]}]}}");
        List<PodMetricsFile.QuerySeries> series = queries().query("sum by (pod) (rate(x[1m]))");
        assertThat(asked.get()).isEqualTo("query=sum+by+%28pod%29+%28rate%28x%5B1m%5D%29%29");
        assertThat(series).hasSize(2);
        assertThat(series.get(0)).isEqualTo(new PodMetricsFile.QuerySeries(Map.of("pod", "reco-a"), 12.5));
        assertThat(series.get(1).value()).isNaN();
        answer.set("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1764338412.0,\"3\"]}}");
        assertThat(queries().query("scalar(3)")).containsExactly(new PodMetricsFile.QuerySeries(Map.of(), 3));
    }

    @Test
    void aRefusedQueryAndAMissingPrometheusAreOneLineEach() {
        answer.set("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 4\"}");
        assertThatThrownBy(() -> queries().query("up{")).hasMessage("Prometheus at http://127.0.0.1:"
                + server.getAddress().getPort() + " refused the query (HTTP 400): parse error at char 4");
        assertThatThrownBy(() -> new PrometheusQueries(URI.create("http://127.0.0.1:9"), Duration.ofSeconds(2))
                .query("up")).hasMessageStartingWith("Prometheus at http://127.0.0.1:9 unreachable: ");
    }
}
