package dev.saleday.recorder.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saleday.records.PodMetricsFile;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks an existing Prometheus the plan's named instant queries ({@code GET /api/v1/query}). A query's answer is its
 * series (vector) or one unlabelled value (scalar); anything else, and a Prometheus that does not answer, is a
 * {@link IllegalStateException} whose message is the one line the report shows.
 */
public final class PrometheusQueries {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final HttpClient http;
    private final Duration timeout;

    public PrometheusQueries(URI baseUrl, Duration timeout) {
        this.baseUrl = baseUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** @throws IllegalStateException with one line saying why the query gave no answer */
    public List<PodMetricsFile.QuerySeries> query(String promql) {
        String base = baseUrl.toString().endsWith("/") ? baseUrl.toString() : baseUrl + "/";
        URI uri = URI.create(base + "api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Prometheus at " + baseUrl + " unreachable: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Prometheus at " + baseUrl);
        }
        JsonNode root;
        try {
            root = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Prometheus at " + baseUrl + " answered HTTP " + response.statusCode()
                    + " with no JSON (is it a Prometheus?)");
        }
        if (!"success".equals(root.path("status").asText())) {
            throw new IllegalStateException("Prometheus at " + baseUrl + " refused the query (HTTP "
                    + response.statusCode() + "): " + root.path("error").asText("no error given"));
        }
        JsonNode data = root.path("data");
        List<PodMetricsFile.QuerySeries> series = new ArrayList<>();
        switch (data.path("resultType").asText()) {
            case "vector" -> {
                for (JsonNode one : data.path("result")) {
                    Map<String, String> labels = new LinkedHashMap<>();
                    one.path("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                    series.add(new PodMetricsFile.QuerySeries(labels, value(one.path("value"))));
                }
            }
            case "scalar" -> series.add(new PodMetricsFile.QuerySeries(Map.of(), value(data.path("result"))));
            default -> throw new IllegalStateException("the query answers a " + data.path("resultType").asText()
                    + "; only instant vectors and scalars are recorded");
        }
        return series;
    }

    private static double value(JsonNode pair) {
        String text = pair.path(1).asText("NaN");
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message + ")");
    }
}
