package dev.saleday.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The model's throughput and p99 at several CPU limits, each in its own model process with the pod JVM flags.
 * Prints a Markdown table. Run (after {@code mvn -pl model package test-compile -DskipTests}):
 * <pre>
 * java -cp model/target/test-classes -Dsaleday.model.jar=model/target/saleday-model.jar \
 *     dev.saleday.model.ModelBench --limits 200,500,1000 --clients 8 --warmup-seconds 3 --seconds 10
 * </pre>
 */
public final class ModelBench {
    private ModelBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> limits = List.of(200, 500, 1000);
        int clients = 8;
        int warmupSeconds = 3;
        int seconds = 10;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                usage("missing value for " + args[i]);
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--limits" -> {
                    List<Integer> parsed = new ArrayList<>();
                    for (String limit : value.split(",")) {
                        parsed.add(Integer.parseInt(limit.trim()));
                    }
                    limits = parsed;
                }
                case "--clients" -> clients = Integer.parseInt(value);
                case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(value);
                case "--seconds" -> seconds = Integer.parseInt(value);
                default -> usage("unknown option " + args[i]);
            }
        }
        System.out.printf("| CPU_LIMIT_MILLICORES | clients | throughput (req/s) | p50 (ms) | p99 (ms) | errors |%n");
        System.out.printf("|---:|---:|---:|---:|---:|---:|%n");
        for (int limit : limits) {
            try (ModelProcess model = ModelProcess.start(Map.of("CPU_LIMIT_MILLICORES", String.valueOf(limit),
                    "WORKERS", "32", "GRACEFUL_SHUTDOWN", "false"))) {
                int port = model.awaitListening(Duration.ofSeconds(20));
                awaitReady(port);
                ClosedLoopLoad.run("127.0.0.1", port, clients, Duration.ofSeconds(warmupSeconds));
                ClosedLoopLoad.Result result = ClosedLoopLoad.run("127.0.0.1", port, clients, Duration.ofSeconds(seconds));
                System.out.printf("| %d | %d | %.0f | %.2f | %.2f | %d |%n", limit, clients, result.throughputRps(),
                        result.p50Micros() / 1000.0, result.p99Micros() / 1000.0, result.failed());
            }
        }
    }

    private static void awaitReady(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                socket.getOutputStream().write("GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes());
                String status = new String(socket.getInputStream().readNBytes(12));
                if (status.endsWith("200")) {
                    return;
                }
            } catch (java.io.IOException ignored) {
                // not yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("model not ready within 20 s");
    }

    private static void usage(String problem) {
        System.err.println("ModelBench: " + problem
                + "\nusage: ModelBench [--limits 200,500,1000] [--clients 8] [--warmup-seconds 3] [--seconds 10]");
        System.exit(2);
    }
}
