package dev.saleday.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The warm-up against a JDK HttpServer on loopback: the rate's count of predictions, and no pile on a stuck target. */
class PacedWarmUpTest {

    private HttpServer server;
    private final AtomicInteger predictions = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private final java.util.Queue<String> bodies = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private URI serve(boolean answer) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/predict", exchange -> {
            predictions.incrementAndGet();
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            if (!answer) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void sendsTheRatesCountOfPredictionsOverTheDuration() throws Exception {
        URI url = serve(true);
        long startNanos = System.nanoTime();
        PacedWarmUp.Result result = PacedWarmUp.run(url, 40, Duration.ofMillis(1500), PacedWarmUp.MAX_IN_FLIGHT,
                () -> false, () -> ModelWarmUp.BODY);
        double tookSeconds = (System.nanoTime() - startNanos) / 1e9;
        assertThat(result).isEqualTo(new PacedWarmUp.Result(60, 60, 60, 0));
        assertThat(predictions.get()).isEqualTo(60);
        // paced, not sent at once: the last one leaves at its slot, 59 / 40 s after the first
        assertThat(tookSeconds).isGreaterThanOrEqualTo(59 / 40.0);
    }

    @Test
    void aTargetThatDoesNotAnswerGetsNoMoreThanTheInFlightBound() throws Exception {
        URI url = serve(false);
        PacedWarmUp.Result result = PacedWarmUp.run(url, 50, Duration.ofSeconds(1), 8, () -> false,
                () -> ModelWarmUp.BODY);
        assertThat(result.due()).isEqualTo(50);
        assertThat(result.sent()).isEqualTo(8);
        assertThat(result.skipped()).isEqualTo(42);
        assertThat(result.failed()).as("timed out").isEqualTo(8);
        assertThat(predictions.get()).isEqualTo(8);
    }

    @Test
    void aStopEndsItAtTheNextSlotAndTheBodiesAreTheLoads() throws Exception {
        URI url = serve(true);
        // stop once 30 predictions were answered: the count due is where it stopped, not the duration's 400
        AtomicInteger next = new AtomicInteger();
        PacedWarmUp.Result result = PacedWarmUp.run(url, 40, Duration.ofSeconds(10), PacedWarmUp.MAX_IN_FLIGHT,
                () -> predictions.get() >= 30, () -> "{\"userId\":" + next.incrementAndGet() + ",\"k\":20}");
        assertThat(result.due()).isBetween(30L, 32L);
        assertThat(result.sent()).isEqualTo(result.due());
        assertThat(result.ok()).isEqualTo(result.sent());
        assertThat(result.skipped()).isZero();
        assertThat(bodies).hasSize((int) result.sent()).contains("{\"userId\":1,\"k\":20}",
                "{\"userId\":30,\"k\":20}");
    }
}
