package dev.saleday.cli.run;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends predictions until the model answers a run of them quickly, so neither the prober's baseline nor the abort
 * guard sees a cold JVM's first seconds as an outage. Bounded: after the deadline the run goes on (and says so).
 */
final class ModelWarmUp {

    static final int CONSECUTIVE_OK = 20;
    static final Duration FAST = Duration.ofMillis(500);
    static final String BODY = "{\"userId\":1,\"k\":10}";

    private ModelWarmUp() {
    }

    /** @return the target's {@code /predict} */
    static URI predictUri(URI targetUrl) {
        String base = targetUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/predict");
    }

    /** @return one prediction of {@link #BODY} */
    static HttpRequest predictRequest(URI predict, Duration timeout) {
        return predictRequest(predict, BODY, timeout);
    }

    static HttpRequest predictRequest(URI predict, String body, Duration timeout) {
        return HttpRequest.newBuilder(predict).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** @return whether the model answered {@link #CONSECUTIVE_OK} predictions in a row within {@link #FAST} */
    static boolean run(URI targetUrl, Duration deadline) {
        URI predict = predictUri(targetUrl);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long end = System.nanoTime() + deadline.toNanos();
        int ok = 0;
        while (System.nanoTime() < end) {
            long start = System.nanoTime();
            try {
                HttpResponse<Void> response = client.send(predictRequest(predict, Duration.ofSeconds(2)),
                        HttpResponse.BodyHandlers.discarding());
                boolean fast = System.nanoTime() - start <= FAST.toNanos();
                ok = response.statusCode() / 100 == 2 && fast ? ok + 1 : 0;
            } catch (IOException e) {
                ok = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (ok >= CONSECUTIVE_OK) {
                return true;
            }
        }
        return false;
    }
}
