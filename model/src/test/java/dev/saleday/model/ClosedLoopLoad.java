package dev.saleday.model;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load: {@code clients} threads, each on its own keep-alive connection, send predicts back to back for
 * a fixed duration. Used by the capacity test and by {@link ModelBench}.
 */
final class ClosedLoopLoad {
    /** What a run measured: answered predicts by outcome, and latency percentiles in microseconds. */
    record Result(long ok, long failed, double durationSeconds, long p50Micros, long p99Micros) {
        double throughputRps() {
            return ok / durationSeconds;
        }
    }

    private ClosedLoopLoad() {
    }

    static Result run(String host, int port, int clients, Duration duration) throws InterruptedException {
        return run(host, port, clients, duration, false);
    }

    /** {@code healthz}: GET /healthz instead of predicts, to measure the HTTP server without the model. */
    static Result run(String host, int port, int clients, Duration duration, boolean healthz)
            throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        long deadline = System.nanoTime() + duration.toNanos();
        Thread[] threads = new Thread[clients];
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads[c] = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                SplittableRandom random = new SplittableRandom(client);
                try (KeepAliveConnection connection = new KeepAliveConnection(host, port)) {
                    while (System.nanoTime() < deadline) {
                        long userId = 1 + random.nextInt(100_000);
                        long sent = System.nanoTime();
                        try {
                            var response = healthz ? connection.get("/healthz")
                                    : connection.post("/predict", "{\"userId\":" + userId + ",\"k\":10}");
                            (response.status() == 200 ? ok : failed).incrementAndGet();
                        } catch (IOException e) {
                            failed.incrementAndGet();
                            connection.close();
                        }
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = (System.nanoTime() - sent) / 1_000;
                    }
                }
                latencies[client] = mine;
                counts[client] = n;
            }, "load-" + c);
            threads[c].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = new long[Arrays.stream(counts).sum()];
        int offset = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, offset, counts[c]);
            offset += counts[c];
        }
        Arrays.sort(all);
        return new Result(ok.get(), failed.get(), seconds, percentile(all, 0.50), percentile(all, 0.99));
    }

    private static long percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
