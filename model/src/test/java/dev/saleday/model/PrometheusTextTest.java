package dev.saleday.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test parser must reject what Prometheus rejects, or the metrics test proves nothing. */
class PrometheusTextTest {

    @Test
    void rendered_metrics_of_a_fresh_server_parse() {
        ServerMetrics metrics = new ServerMetrics();
        metrics.countRequest("/predict", 200);
        metrics.countRequest("/predict", 400);
        metrics.recordPredictLatency(3_000_000);
        metrics.recordPredictLatency(30_000_000_000L);
        var samples = PrometheusText.parse(metrics.render("v1.0", true, 500, 2_500_000_000L));
        assertThat(PrometheusText.value(samples, "model_requests_total", Map.of("route", "/predict", "status", "400")))
                .isEqualTo(1);
        assertThat(PrometheusText.value(samples, "model_predict_duration_seconds_bucket", Map.of("le", "0.005")))
                .isEqualTo(1);
        assertThat(PrometheusText.value(samples, "model_predict_duration_seconds_bucket", Map.of("le", "+Inf")))
                .isEqualTo(2);
        assertThat(PrometheusText.value(samples, "model_cpu_throttled_seconds_total", Map.of())).isEqualTo(2.5);
        assertThat(PrometheusText.value(samples, "model_info", Map.of("version", "v1.0"))).isEqualTo(1);
    }

    @Test
    void rejects_broken_lines() {
        assertThatThrownBy(() -> PrometheusText.parse("metric{a=\"1\" 2\n")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> PrometheusText.parse("metric one\n")).hasMessageContaining("not a sample");
        assertThatThrownBy(() -> PrometheusText.parse("m 1\nm 2\n")).hasMessageContaining("duplicate series");
        assertThatThrownBy(() -> PrometheusText.parse("m 1\n# TYPE m gauge\n")).hasMessageContaining("after its samples");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE m gauges\n")).hasMessageContaining("malformed");
        assertThatThrownBy(() -> PrometheusText.parse("m 1")).hasMessageContaining("newline");
        assertThatThrownBy(() -> PrometheusText.parse("""
                # TYPE h histogram
                h_bucket{le="1"} 5
                h_bucket{le="+Inf"} 4
                h_count 4
                """)).hasMessageContaining("cumulative");
        assertThatThrownBy(() -> PrometheusText.parse("""
                # TYPE h histogram
                h_bucket{le="+Inf"} 4
                h_count 5
                """)).hasMessageContaining("must equal _count");
    }
}
