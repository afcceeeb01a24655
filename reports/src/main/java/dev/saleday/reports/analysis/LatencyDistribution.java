package dev.saleday.reports.analysis;

import dev.saleday.reports.verdict.Percentiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

/**
 * A latency distribution in milliseconds (HdrHistogram, 3 significant digits: exact up to 2047 ms, within 0.05 %
 * above). Read-only: it holds its own copy of the histogram.
 */
public final class LatencyDistribution {

    /** Latencies are recorded in whole milliseconds, Gatling's own resolution, up to one hour. */
    public static final long HIGHEST_TRACKABLE_MS = 3_600_000L;
    public static final int SIGNIFICANT_DIGITS = 3;

    private final Histogram histogram;

    private LatencyDistribution(Histogram histogram) {
        this.histogram = histogram;
    }

    /** @return a distribution holding a copy of {@code histogram} (whose values are milliseconds) */
    public static LatencyDistribution copyOf(AbstractHistogram histogram) {
        Histogram copy = newHistogram();
        copy.add(histogram);
        return new LatencyDistribution(copy);
    }

    /** @return an empty histogram of the shape every phase and overall distribution has */
    public static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_TRACKABLE_MS, SIGNIFICANT_DIGITS);
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** @return the value at a percentile (0..100) in ms, as HdrHistogram answers it; NaN when empty */
    public double valueAtPercentileMs(double percentile) {
        return count() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile);
    }

    /** @return p50 .. max, or null when empty */
    public Percentiles percentiles() {
        return percentilesOf(histogram);
    }

    /** @return p50 .. max of any ms histogram, or null when it is empty */
    public static Percentiles percentilesOf(AbstractHistogram h) {
        if (h.getTotalCount() == 0) {
            return null;
        }
        return new Percentiles(h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(95),
                h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
    }

    /** @return HdrHistogram's percentile distribution text (the {@code .hgrm} format), values in ms */
    public String hgrm() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            histogram.outputPercentileDistribution(out, 5, 1.0);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** @return a copy of the histogram (ms) for callers that need HdrHistogram itself */
    public Histogram toHistogram() {
        return histogram.copy();
    }
}
