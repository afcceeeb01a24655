package dev.saleday.reports.analysis;

import java.util.Arrays;
import org.HdrHistogram.IntCountsHistogram;

/**
 * Counts and latency histograms per second of the load, grown as seconds appear. Memory grows with the run's
 * length, never with its number of requests. Per-second histograms keep 2 significant digits (1 %).
 */
final class SecondSeries {

    private static final int KINDS = FailureKind.values().length;

    private long[] sent = new long[64];
    private long[] ok = new long[64];
    private long[] failuresByKind = new long[64 * KINDS];
    private IntCountsHistogram[] all = new IntCountsHistogram[64];
    private IntCountsHistogram[] successful = new IntCountsHistogram[64];
    private int seconds;

    void record(int second, long latencyMs, boolean isOk, FailureKind failure) {
        ensure(second);
        sent[second]++;
        histogram(all, second).recordValue(latencyMs);
        if (isOk) {
            ok[second]++;
            histogram(successful, second).recordValue(latencyMs);
        } else {
            failuresByKind[second * KINDS + failure.ordinal()]++;
        }
    }

    int seconds() {
        return seconds;
    }

    long sent(int second) {
        return second < seconds ? sent[second] : 0;
    }

    long ok(int second) {
        return second < seconds ? ok[second] : 0;
    }

    long failed(int second) {
        return sent(second) - ok(second);
    }

    FailureCounts failures(int second) {
        if (second >= seconds) {
            return FailureCounts.NONE;
        }
        return FailureCounts.of(Arrays.copyOfRange(failuresByKind, second * KINDS, (second + 1) * KINDS));
    }

    /** @return the histogram of all latencies of a second, or null when none */
    IntCountsHistogram all(int second) {
        return second < seconds ? all[second] : null;
    }

    IntCountsHistogram successful(int second) {
        return second < seconds ? successful[second] : null;
    }

    private static IntCountsHistogram histogram(IntCountsHistogram[] histograms, int second) {
        IntCountsHistogram h = histograms[second];
        if (h == null) {
            h = new IntCountsHistogram(2); // auto-resizing: small for fast seconds
            histograms[second] = h;
        }
        return h;
    }

    private void ensure(int second) {
        if (second >= sent.length) {
            int length = Math.max(second + 1, sent.length * 2);
            sent = Arrays.copyOf(sent, length);
            ok = Arrays.copyOf(ok, length);
            failuresByKind = Arrays.copyOf(failuresByKind, length * KINDS);
            all = Arrays.copyOf(all, length);
            successful = Arrays.copyOf(successful, length);
        }
        if (second >= seconds) {
            seconds = second + 1;
        }
    }
}
