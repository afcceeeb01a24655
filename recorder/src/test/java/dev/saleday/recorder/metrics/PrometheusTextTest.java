package dev.saleday.recorder.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void everySampleIsKeptUnderItsSeriesAsWritten() {
        String text = """
                # HELP model_requests_total Requests answered, by route and HTTP status.
                # TYPE model_requests_total counter
                model_requests_total{route="/predict",status="200"} 1027
                model_requests_total{route="/predict",status="503"} 3
                model_predict_duration_seconds_bucket{le="0.005"} 990
                model_predict_duration_seconds_bucket{le="+Inf"} 1030
                model_predict_duration_seconds_sum 2.75
                weird{path="a b} c",q="x\\"y"} 7 1764338412000
                up NaN
                down +Inf

                model_cpu_throttled_seconds_total 1.5E-3
                """;
        Map<String, Double> series = PrometheusText.parse(text);
        assertThat(series).hasSize(9)
                .containsEntry("model_requests_total{route=\"/predict\",status=\"200\"}", 1027.0)
                .containsEntry("model_requests_total{route=\"/predict\",status=\"503\"}", 3.0)
                .containsEntry("model_predict_duration_seconds_bucket{le=\"+Inf\"}", 1030.0)
                .containsEntry("model_predict_duration_seconds_sum", 2.75)
                .containsEntry("weird{path=\"a b} c\",q=\"x\\\"y\"}", 7.0)
                .containsEntry("down", Double.POSITIVE_INFINITY)
                .containsEntry("model_cpu_throttled_seconds_total", 0.0015);
        assertThat(series.get("up")).isNaN();
    }

    @Test
    void aLineWithoutANumberIsNamed() {
        assertThatThrownBy(() -> PrometheusText.parse("ok 1\n<html>not metrics</html>\n"))
                .hasMessageContaining("line 2").hasMessageContaining("<html>");
        assertThatThrownBy(() -> PrometheusText.parse("lonely\n")).hasMessageContaining("line 1");
    }
}
