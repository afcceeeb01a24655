package dev.saleday.model;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The model's own metrics, written in the Prometheus text exposition format (version 0.0.4) by {@link #render}:
 * requests by path and status, a predict latency histogram, requests in flight, process CPU seconds, CPU throttling,
 * readiness and a model-version info metric. Nothing in here can carry the secret: labels are route names, status
 * codes and the model version only.
 */
final class ServerMetrics {
    /** Upper bounds of the latency buckets, in seconds. */
    static final double[] LATENCY_BUCKETS_SECONDS = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
    };

    private final Map<String, LongAdder> requestsByRouteAndStatus = new ConcurrentHashMap<>();
    private final LongAdder[] latencyBuckets = new LongAdder[LATENCY_BUCKETS_SECONDS.length];
    private final LongAdder latencyCount = new LongAdder();
    private final DoubleAdder latencySumSeconds = new DoubleAdder();
    private final AtomicInteger inFlight = new AtomicInteger();

    ServerMetrics() {
        for (int i = 0; i < latencyBuckets.length; i++) {
            latencyBuckets[i] = new LongAdder();
        }
    }

    AtomicInteger inFlight() {
        return inFlight;
    }

    void countRequest(String route, int status) {
        requestsByRouteAndStatus.computeIfAbsent(route + '\u0000' + status, key -> new LongAdder()).increment();
    }

    void recordPredictLatency(long durationNanos) {
        double seconds = durationNanos / 1e9;
        for (int i = 0; i < LATENCY_BUCKETS_SECONDS.length; i++) {
            if (seconds <= LATENCY_BUCKETS_SECONDS[i]) {
                latencyBuckets[i].increment();
                break;
            }
        }
        latencyCount.increment();
        latencySumSeconds.add(seconds);
    }

    String render(String modelVersion, boolean ready, int cpuLimitMillicores, long throttledNanos) {
        StringBuilder out = new StringBuilder(4096);
        header(out, "model_requests_total", "counter", "Requests answered, by route and HTTP status.");
        Map<String, Long> sorted = new TreeMap<>();
        requestsByRouteAndStatus.forEach((key, adder) -> sorted.put(key, adder.sum()));
        sorted.forEach((key, count) -> {
            int split = key.indexOf('\u0000');
            out.append("model_requests_total{route=\"").append(key, 0, split)
                    .append("\",status=\"").append(key, split + 1, key.length()).append("\"} ")
                    .append(count).append('\n');
        });

        header(out, "model_predict_duration_seconds", "histogram",
                "Time to answer POST /predict, from the handler's start to the last byte written.");
        long cumulative = 0;
        for (int i = 0; i < LATENCY_BUCKETS_SECONDS.length; i++) {
            cumulative += latencyBuckets[i].sum();
            out.append("model_predict_duration_seconds_bucket{le=\"").append(LATENCY_BUCKETS_SECONDS[i])
                    .append("\"} ").append(cumulative).append('\n');
        }
        long count = latencyCount.sum();
        out.append("model_predict_duration_seconds_bucket{le=\"+Inf\"} ").append(count).append('\n');
        out.append("model_predict_duration_seconds_sum ").append(latencySumSeconds.sum()).append('\n');
        out.append("model_predict_duration_seconds_count ").append(count).append('\n');

        header(out, "model_requests_in_flight", "gauge", "Requests accepted and not yet answered.");
        out.append("model_requests_in_flight ").append(inFlight.get()).append('\n');

        header(out, "process_cpu_seconds_total", "counter", "CPU time used by the whole process, in seconds.");
        out.append("process_cpu_seconds_total ").append(processCpuNanos() / 1e9).append('\n');

        // what of that CPU is the JVM's own work rather than answers: a capacity search's warm-up waits for the pod's
        // CPU a request to settle, and a JIT still compiling or a busy collector moves it
        header(out, "jvm_compilation_time_seconds_total", "counter",
                "Time the JIT compilers spent compiling, in seconds (CompilationMXBean; 0 without a JIT).");
        out.append("jvm_compilation_time_seconds_total ").append(compilationMillis() / 1e3).append('\n');

        header(out, "jvm_gc_collection_seconds", "summary", "Time spent in garbage collections, by collector.");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            String name = gc.getName().replace("\\", "\\\\").replace("\"", "\\\"");
            out.append("jvm_gc_collection_seconds_count{gc=\"").append(name).append("\"} ")
                    .append(Math.max(0, gc.getCollectionCount())).append('\n');
            out.append("jvm_gc_collection_seconds_sum{gc=\"").append(name).append("\"} ")
                    .append(Math.max(0, gc.getCollectionTime()) / 1e3).append('\n');
        }

        header(out, "model_cpu_limit_millicores", "gauge", "The CPU limit enforced in-process; 0 means unlimited.");
        out.append("model_cpu_limit_millicores ").append(cpuLimitMillicores).append('\n');

        header(out, "model_cpu_throttled_seconds_total", "counter",
                "Time request workers waited for CPU budget, summed over workers, in seconds.");
        out.append("model_cpu_throttled_seconds_total ").append(throttledNanos / 1e9).append('\n');

        header(out, "model_ready", "gauge", "1 while the readiness probe answers 200.");
        out.append("model_ready ").append(ready ? 1 : 0).append('\n');

        header(out, "model_info", "gauge", "The model version this process serves.");
        out.append("model_info{version=\"").append(modelVersion).append("\"} 1\n");
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static long compilationMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? Math.max(0, jit.getTotalCompilationTime())
                : 0;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }
}
