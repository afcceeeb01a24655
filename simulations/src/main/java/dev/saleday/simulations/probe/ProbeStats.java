package dev.saleday.simulations.probe;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Probe results in one-second buckets over the last {@link ProbeWindow#LONGEST}, by the second each probe ended. */
final class ProbeStats implements ProbeWindow {

    private static final long HIGHEST_MILLIS = 3_600_000;
    private static final int BUCKETS = (int) LONGEST.toSeconds() + 2;

    private final LongSupplier clockMillis;
    private final long[] bucketSecond = new long[BUCKETS];
    private final long[] probes = new long[BUCKETS];
    private final long[] failed = new long[BUCKETS];
    private final Histogram[] latency = new Histogram[BUCKETS];

    ProbeStats(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
        for (int i = 0; i < BUCKETS; i++) {
            bucketSecond[i] = -1;
            latency[i] = new Histogram(HIGHEST_MILLIS, 2);
        }
    }

    synchronized void record(boolean isFailed, double latencyMillis) {
        long second = Math.floorDiv(clockMillis.getAsLong(), 1000);
        int i = (int) Math.floorMod(second, (long) BUCKETS);
        if (bucketSecond[i] != second) {
            bucketSecond[i] = second;
            probes[i] = 0;
            failed[i] = 0;
            latency[i].reset();
        }
        probes[i]++;
        if (isFailed) {
            failed[i]++;
        }
        latency[i].recordValue(Math.max(0, Math.min(HIGHEST_MILLIS, Math.round(latencyMillis))));
    }

    @Override
    public synchronized Stats last(Duration window) {
        if (window.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("the probe window keeps at most " + LONGEST.toSeconds() + "s, asked " + window);
        }
        long nowMs = clockMillis.getAsLong();
        long fromSecond = Math.floorDiv(nowMs - window.toMillis(), 1000);
        long toSecond = Math.floorDiv(nowMs, 1000);
        long total = 0;
        long totalFailed = 0;
        Histogram merged = new Histogram(HIGHEST_MILLIS, 2);
        for (int i = 0; i < BUCKETS; i++) {
            if (bucketSecond[i] >= fromSecond && bucketSecond[i] <= toSecond) {
                total += probes[i];
                totalFailed += failed[i];
                merged.add(latency[i]);
            }
        }
        return new Stats(total, totalFailed, total == 0 ? 0 : (double) totalFailed / total,
                total == 0 ? -1 : merged.getValueAtPercentile(99));
    }
}
