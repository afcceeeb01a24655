package dev.saleday.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Capacity follows CPU_LIMIT_MILLICORES: a 400m process answers about twice what a 200m process answers. Both are
 * loaded at the same time, so machine noise hits both alike; the ratio is compared, never an absolute rate. On a
 * busy machine the 400m process may not get its 400m; what holds there too is the quota's own promise: neither
 * process uses more than its limit, and throughput follows the CPU each one got (the same work per request). Those
 * are asserted on every attempt; the 2x ratio once the machine gives the 400m process its CPU (up to three tries).
 */
class CapacityIT {
    @RegisterExtension
    static final ModelProcesses PROCESSES = new ModelProcesses();
    private static final Duration WARM_UP = Duration.ofMillis(2500);
    private static final Duration MEASURE = Duration.ofSeconds(3);
    private static final int CLIENTS = 6;
    /** The HTTP dispatcher, GC and JIT run outside the quota (see CpuQuota): 70-100m measured at 700-1500 req/s. */
    private static final double OUTSIDE_QUOTA_MILLICORES = 150;

    record Run(double smallRps, double largeRps, double smallCpuMillicores, double largeCpuMillicores) {
        double ratio() {
            return largeRps / smallRps;
        }

        double cpuRatio() {
            return largeCpuMillicores / smallCpuMillicores;
        }
    }

    @Test
    void twice_the_limit_about_twice_the_throughput() throws Exception {
        ModelProcess small = PROCESSES.start(Map.of("CPU_LIMIT_MILLICORES", "200", "GRACEFUL_SHUTDOWN", "false"));
        ModelProcess large = PROCESSES.start(Map.of("CPU_LIMIT_MILLICORES", "400", "GRACEFUL_SHUTDOWN", "false"));
        for (ModelProcess model : new ModelProcess[] {small, large}) {
            model.awaitReady(Duration.ofSeconds(30));
        }
        load(small, large, WARM_UP);
        Run run = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            run = measure(small, large);
            System.out.printf("capacity attempt %d: 200m %.0f req/s using %.0fm, 400m %.0f req/s using %.0fm, ratio %.2f%n",
                    attempt, run.smallRps(), run.smallCpuMillicores(), run.largeRps(), run.largeCpuMillicores(),
                    run.ratio());
            assertThat(run.smallCpuMillicores()).as("200m process CPU (process counter)")
                    .isLessThanOrEqualTo(200 + OUTSIDE_QUOTA_MILLICORES);
            assertThat(run.largeCpuMillicores()).as("400m process CPU (process counter)")
                    .isLessThanOrEqualTo(400 + OUTSIDE_QUOTA_MILLICORES);
            assertThat(run.ratio() / run.cpuRatio())
                    .as("throughput ratio %.2f follows the CPU ratio %.2f", run.ratio(), run.cpuRatio())
                    .isBetween(0.7, 1.4);
            if (run.largeCpuMillicores() >= 0.85 * 400) {
                assertThat(run.ratio())
                        .as("throughput 400m / 200m (%.0f / %.0f req/s)", run.largeRps(), run.smallRps())
                        .isBetween(1.5, 2.6);
                // saturated at its limit, the 200m process says so on /metrics: its workers waited for CPU budget
                var samples = PrometheusText.parse(Http.get(small.baseUrl() + "/metrics").body());
                assertThat(PrometheusText.value(samples, "model_cpu_limit_millicores", Map.of())).isEqualTo(200);
                assertThat(PrometheusText.value(samples, "model_cpu_throttled_seconds_total", Map.of()))
                        .as("throttled seconds of a 200m process under %d clients", CLIENTS).isGreaterThan(0.5);
                return;
            }
        }
        System.out.printf("capacity: the machine never gave the 400m process its CPU (%.0fm); the cap and the"
                + " throughput-follows-CPU checks above held, the 2x ratio was not measurable%n", run.largeCpuMillicores());
    }

    private Run measure(ModelProcess small, ModelProcess large) throws Exception {
        double smallCpuBefore = processCpuSeconds(small);
        double largeCpuBefore = processCpuSeconds(large);
        long startNanos = System.nanoTime();
        ClosedLoopLoad.Result[] results = load(small, large, MEASURE);
        double wallSeconds = (System.nanoTime() - startNanos) / 1e9;
        double smallMillicores = (processCpuSeconds(small) - smallCpuBefore) / wallSeconds * 1000;
        double largeMillicores = (processCpuSeconds(large) - largeCpuBefore) / wallSeconds * 1000;
        assertThat(results[0].failed() + results[1].failed()).isZero();
        return new Run(results[0].throughputRps(), results[1].throughputRps(), smallMillicores, largeMillicores);
    }

    private static ClosedLoopLoad.Result[] load(ModelProcess small, ModelProcess large, Duration duration) throws Exception {
        var smallLoad = CompletableFuture.supplyAsync(() -> run(small, duration));
        var largeLoad = CompletableFuture.supplyAsync(() -> run(large, duration));
        return new ClosedLoopLoad.Result[] {smallLoad.get(), largeLoad.get()};
    }

    private static ClosedLoopLoad.Result run(ModelProcess model, Duration duration) {
        try {
            return ClosedLoopLoad.run("127.0.0.1", model.port(), CLIENTS, duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double processCpuSeconds(ModelProcess model) {
        var samples = PrometheusText.parse(Http.get(model.baseUrl() + "/metrics").body());
        return PrometheusText.value(samples, "process_cpu_seconds_total", Map.of());
    }
}
