package dev.saleday.simulations.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;

/**
 * A tiny model stand-in on loopback (JDK HttpServer): {@code POST /predict} answers 200 with a JSON items list and
 * the model's headers. It can stall (hold every answer until a moment) and fail requests on demand.
 */
public final class TestTarget implements AutoCloseable {

    private static final byte[] ANSWER = "{\"items\":[{\"itemId\":1,\"score\":0.9}]}".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicLong predictions = new AtomicLong();
    private volatile long stallUntilMs;
    private volatile LongPredicate failWhen = n -> false;

    private TestTarget() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "test-target");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static TestTarget start() throws IOException {
        return new TestTarget();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public long predictions() {
        return predictions.get();
    }

    /** Every answer (to requests already waiting and new ones) is held until {@code untilMs}. */
    public void stallUntil(long untilMs) {
        stallUntilMs = untilMs;
    }

    /** Requests whose 1-based arrival number matches answer 503. */
    public void failWhen(LongPredicate arrivalNumber) {
        failWhen = arrivalNumber;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (!exchange.getRequestURI().getPath().equals("/predict")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            long number = predictions.incrementAndGet();
            long waitMs;
            while ((waitMs = stallUntilMs - System.currentTimeMillis()) > 0) {
                try {
                    Thread.sleep(waitMs); // the stall itself: this is the behaviour under test
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            exchange.getResponseHeaders().add("X-Model-Version", "test-v1");
            exchange.getResponseHeaders().add("X-Pod-Name", "test-pod");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (failWhen.test(number)) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            exchange.sendResponseHeaders(200, ANSWER.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(ANSWER);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
