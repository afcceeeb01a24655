package dev.saleday.cli.run;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Predictions at a steady rate for a while before a capacity search, so that the steps measure a warm pod. A model
 * JVM's first few hundred requests cost it far more CPU than later ones (the JIT compiles while it answers, on the
 * pod's CPU limit): measured on the reference model at 300m, 27-31 ms of CPU a request over its first ~100 requests,
 * 13-15 ms after ~500, and a search on the cold pod put the knee at 14 req/s where the warm one put it at 24-26.
 * Open model: request i is due at i / rate; a request whose slot finds {@code maxInFlight} still unanswered is skipped,
 * so a pod that does not keep up is not buried before the search starts.
 */
final class PacedWarmUp {

    static final int MAX_IN_FLIGHT = 32;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    /**
     * What the warm-up sent: requests due (up to its end, a stop included), sent, answered 2xx, failed (error status,
     * timeout, refused).
     */
    record Result(long due, long sent, long ok, long failed) {
        long skipped() {
            return due - sent;
        }
    }

    private PacedWarmUp() {
    }

    /**
     * @param targetUrl the target's base URL ({@code /predict} is appended)
     * @param rps       the rate, requests a second
     * @param duration  how long at most
     * @param stop      asked before each request: true ends the warm-up there (the requests already sent are awaited)
     * @param bodies    each request's body, in order (the load's own requests, so the pod compiles what the load runs)
     * @return the counts, once every sent request was answered or timed out
     */
    static Result run(URI targetUrl, double rps, Duration duration, int maxInFlight, BooleanSupplier stop,
                      Supplier<String> bodies) {
        URI predict = ModelWarmUp.predictUri(targetUrl);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(REQUEST_TIMEOUT).build();
        long due = Math.round(rps * duration.toNanos() / 1e9);
        Semaphore inFlight = new Semaphore(maxInFlight);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<CompletableFuture<?>> sent = new ArrayList<>();
        long startNanos = System.nanoTime();
        long i = 0;
        for (; i < due && !Thread.currentThread().isInterrupted() && !stop.getAsBoolean(); i++) {
            long dueNanos = startNanos + Math.round(i * 1e9 / rps);
            for (long wait = dueNanos - System.nanoTime(); wait > 0; wait = dueNanos - System.nanoTime()) {
                LockSupport.parkNanos(wait); // pacing: request i leaves at its slot
            }
            if (!inFlight.tryAcquire()) {
                continue;
            }
            sent.add(client.sendAsync(ModelWarmUp.predictRequest(predict, bodies.get(), REQUEST_TIMEOUT),
                    HttpResponse.BodyHandlers.discarding()).whenComplete((response, e) -> {
                if (e == null && response.statusCode() / 100 == 2) {
                    ok.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                inFlight.release();
            }));
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                    .get(REQUEST_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // counted per request: a failure is one of them, a hang past its own timeout cannot happen
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Result(i, sent.size(), ok.get(), failed.get());
    }
}
