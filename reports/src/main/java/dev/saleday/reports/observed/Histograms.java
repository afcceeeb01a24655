package dev.saleday.reports.observed;

import java.util.Map;
import java.util.NavigableMap;

/**
 * Percentiles from a Prometheus histogram's cumulative buckets: the resolution is the buckets', so a percentile is
 * the upper bound of the bucket it falls in ({@code le}), never a value in between.
 */
public final class Histograms {

    private Histograms() {
    }

    /** @return a bucket's {@code le} label in seconds, +Infinity for "+Inf", NaN when unreadable */
    static double bound(String le) {
        if (le == null) {
            return Double.NaN;
        }
        if (le.equals("+Inf") || le.equals("Inf")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            return Double.parseDouble(le);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * @param cumulative count of observations at most each bound (seconds), as the {@code _bucket} series count them;
     *                   the +Inf bucket is the total
     * @return the 99th percentile's bucket upper bound in ms; +Infinity when it lies beyond the last finite bound;
     *         null without observations
     */
    public static Double p99UpperMs(NavigableMap<Double, Long> cumulative) {
        return quantileUpperMs(cumulative, 0.99);
    }

    /** @see #p99UpperMs */
    public static Double quantileUpperMs(NavigableMap<Double, Long> cumulative, double quantile) {
        if (cumulative.isEmpty()) {
            return null;
        }
        long total = cumulative.lastEntry().getValue();
        if (!cumulative.lastKey().isInfinite()) {
            total = cumulative.values().stream().mapToLong(Long::longValue).max().orElse(0);
        }
        if (total <= 0) {
            return null;
        }
        double rank = quantile * total;
        for (Map.Entry<Double, Long> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= rank) {
                return bucket.getKey() * 1000;
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
