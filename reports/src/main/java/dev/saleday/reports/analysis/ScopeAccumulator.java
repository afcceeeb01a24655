package dev.saleday.reports.analysis;

import org.HdrHistogram.Histogram;

/** Counts and latency histograms (3 significant digits) of one span of the load. */
final class ScopeAccumulator {

    final Histogram all = LatencyDistribution.newHistogram();
    final Histogram successful = LatencyDistribution.newHistogram();
    final long[] failuresByKind = new long[FailureKind.values().length];
    long sent;
    long ok;
    long probeSent;
    long probeFailed;

    void record(long latencyMs, boolean isOk, FailureKind failure) {
        sent++;
        all.recordValue(latencyMs);
        if (isOk) {
            ok++;
            successful.recordValue(latencyMs);
        } else {
            failuresByKind[failure.ordinal()]++;
        }
    }

    void add(ScopeAccumulator other) {
        all.add(other.all);
        successful.add(other.successful);
        for (int i = 0; i < failuresByKind.length; i++) {
            failuresByKind[i] += other.failuresByKind[i];
        }
        sent += other.sent;
        ok += other.ok;
        probeSent += other.probeSent;
        probeFailed += other.probeFailed;
    }

    ScopeStats toStats(String name, long startMs, long endMs, long intended) {
        return toStats(name, startMs, endMs, intended, null);
    }

    /** @param clearOfStarved the same span's load requests that met no starved stretch, or null when not split */
    ScopeStats toStats(String name, long startMs, long endMs, long intended, ScopeAccumulator clearOfStarved) {
        return new ScopeStats(name, startMs, endMs, intended, sent, ok, FailureCounts.of(failuresByKind),
                LatencyDistribution.copyOf(all), LatencyDistribution.copyOf(successful), probeSent, probeFailed,
                clearOfStarved == null ? null : clearOfStarved.toStats(name, startMs, endMs, -1));
    }
}
