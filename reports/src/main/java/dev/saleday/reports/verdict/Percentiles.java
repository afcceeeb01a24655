package dev.saleday.reports.verdict;

import dev.saleday.plan.Slo;

/**
 * The latency percentiles saleday reports, in milliseconds. A set of zero requests has no percentiles: callers use
 * null for it, never zeros.
 */
public record Percentiles(double p50Ms, double p90Ms, double p95Ms, double p99Ms, double p999Ms, double maxMs) {

    /** @return the value of one percentile a plan can name; p75 is not kept and answers NaN */
    public double valueMs(Slo.Percentile percentile) {
        return switch (percentile) {
            case P50 -> p50Ms;
            case P75 -> Double.NaN;
            case P90 -> p90Ms;
            case P95 -> p95Ms;
            case P99 -> p99Ms;
            case P999 -> p999Ms;
            case MAX -> maxMs;
        };
    }
}
