package dev.saleday.reports.observed;

/** The names the reference model writes on /metrics (docs/MODEL.md), as the server-side analysis reads them. */
final class ModelMetrics {

    static final String REQUESTS = "model_requests_total";
    static final String PREDICT_ROUTE = "/predict";
    static final String PREDICT_BUCKET = "model_predict_duration_seconds_bucket";
    /** Predictions answered (the histogram's count). */
    static final String PREDICT_COUNT = "model_predict_duration_seconds_count";
    static final String IN_FLIGHT = "model_requests_in_flight";
    static final String CPU_SECONDS = "process_cpu_seconds_total";
    static final String CPU_LIMIT = "model_cpu_limit_millicores";
    static final String THROTTLED_SECONDS = "model_cpu_throttled_seconds_total";
    /** The JVM's JIT compilers' time, within the process CPU. */
    static final String JVM_COMPILE_SECONDS = "jvm_compilation_time_seconds_total";
    /** One series a collector ({@code {gc="Copy"}}...): its time, within the process CPU. */
    static final String JVM_GC_SECONDS = "jvm_gc_collection_seconds_sum";

    private ModelMetrics() {
    }
}
