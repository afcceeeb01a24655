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
 * With {@code --port P [--route healthz]} it measures a model started by hand instead (e.g. under taskset).
 */
public final class ModelBench {
    private ModelBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> limits = List.of(200, 500, 1000);
        int clients = 8;
        int warmupSeconds = 3;
        int seconds = 10;
        int existingPort = -1;
        boolean healthz = false;
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
                case "--port" -> existingPort = Integer.parseInt(value);
                case "--route" -> healthz = switch (value) {
                    case "healthz" -> true;
                    case "predict" -> false;
                    default -> {
                        usage("--route is predict or healthz, got " + value);
                        yield false;
                    }
                };
                default -> usage("unknown option " + args[i]);
            }
        }
        if (existingPort > 0) {
            // A server started by hand (e.g. pinned to one core with taskset): measure it as it is.
            ClosedLoopLoad.run("127.0.0.1", existingPort, clients, Duration.ofSeconds(warmupSeconds), healthz);
            double cpuBefore = processCpuSeconds(existingPort);
            long measureStart = System.nanoTime();
            var result = ClosedLoopLoad.run("127.0.0.1", existingPort, clients, Duration.ofSeconds(seconds), healthz);
            double cpuMillicores = (processCpuSeconds(existingPort) - cpuBefore) * 1e12 / (System.nanoTime() - measureStart);
            System.out.printf("| route | clients | throughput (req/s) | p50 (ms) | p99 (ms) | errors | CPU used (millicores) |%n");
            System.out.printf("|---|---:|---:|---:|---:|---:|---:|%n");
            System.out.printf("| %s | %d | %.0f | %.2f | %.2f | %d | %.0f |%n", healthz ? "GET /healthz" : "POST /predict",
                    clients, result.throughputRps(), result.p50Micros() / 1000.0, result.p99Micros() / 1000.0,
                    result.failed(), cpuMillicores);
            return;
        }
        System.out.printf("| CPU_LIMIT_MILLICORES | clients | throughput (req/s) | p50 (ms) | p99 (ms) | errors "
                + "| CPU used (millicores) | start to ready (ms) |%n");
        System.out.printf("|---:|---:|---:|---:|---:|---:|---:|---:|%n");
        for (int limit : limits) {
            long startNanos = System.nanoTime();
            try (ModelProcess model = ModelProcess.start(Map.of("CPU_LIMIT_MILLICORES", String.valueOf(limit),
                    "WORKERS", "32", "GRACEFUL_SHUTDOWN", "false"))) {
                int port = model.awaitListening(Duration.ofSeconds(20));
                awaitReady(port);
                long readyMillis = (System.nanoTime() - startNanos) / 1_000_000;
                ClosedLoopLoad.run("127.0.0.1", port, clients, Duration.ofSeconds(warmupSeconds));
                double cpuBefore = processCpuSeconds(port);
                long measureStart = System.nanoTime();
                ClosedLoopLoad.Result result = ClosedLoopLoad.run("127.0.0.1", port, clients, Duration.ofSeconds(seconds));
                double cpuMillicores = (processCpuSeconds(port) - cpuBefore) * 1e12 / (System.nanoTime() - measureStart);
                System.out.printf("| %d | %d | %.0f | %.2f | %.2f | %d | %.0f | %d |%n", limit, clients,
                        result.throughputRps(), result.p50Micros() / 1000.0, result.p99Micros() / 1000.0,
                        result.failed(), cpuMillicores, readyMillis);
            }
        }
    }

    /** process_cpu_seconds_total from /metrics. */
    private static double processCpuSeconds(int port) throws java.io.IOException {
        try (KeepAliveConnection connection = new KeepAliveConnection("127.0.0.1", port)) {
            var samples = PrometheusText.parse(connection.get("/metrics").body());
            return PrometheusText.value(samples, "process_cpu_seconds_total", Map.of());
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
                + "\nusage: ModelBench [--limits 200,500,1000] [--clients 8] [--warmup-seconds 3] [--seconds 10]"
                + " [--port PORT --route predict|healthz]");
        System.exit(2);
    }
}
