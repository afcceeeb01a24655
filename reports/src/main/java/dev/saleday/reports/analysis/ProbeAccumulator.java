package dev.saleday.reports.analysis;

import dev.saleday.records.ProbeRecord;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.HdrHistogram.IntCountsHistogram;

/** Folds probe records into per-second and per-phase counts as they stream by, keyed by their tick. */
final class ProbeAccumulator implements Consumer<ProbeRecord> {

    private static final int KINDS = FailureKind.values().length;

    private final PhaseClock clock;
    private final ScopeAccumulator[] phases;
    private final ScopeAccumulator outside;
    private long[] sent = new long[64];
    private long[] failed = new long[64];
    private long[] failuresByKind = new long[64 * KINDS];
    private IntCountsHistogram[] latency = new IntCountsHistogram[64];
    private int seconds;
    /** ok answers per second per version, for the version mix */
    final Map<Long, Map<String, Long>> okByVersionBySecondStartMs = new HashMap<>();
    /** answers per pod: [ok, failed, firstMs, lastMs] */
    final Map<String, long[]> pods = new HashMap<>();
    final Map<String, String> podVersions = new HashMap<>();

    ProbeAccumulator(PhaseClock clock, ScopeAccumulator[] phases, ScopeAccumulator outside) {
        this.clock = clock;
        this.phases = phases;
        this.outside = outside;
    }

    @Override
    public void accept(ProbeRecord probe) {
        int second = (int) Math.max(0, Math.floorDiv(probe.tMs() - clock.loadStartMs(), 1000L));
        ensure(second);
        sent[second]++;
        boolean ok = probe.ok();
        if (!ok) {
            failed[second]++;
            failuresByKind[second * KINDS + FailureKind.ofKey(probe.outcome()).ordinal()]++;
        }
        if (latency[second] == null) {
            latency[second] = new IntCountsHistogram(2);
        }
        latency[second].recordValue((long) Math.ceil(Math.max(0, probe.latencyMs())));
        int phase = clock.indexAt(probe.tMs());
        ScopeAccumulator scope = phase < 0 ? outside : phases[phase];
        scope.probeSent++;
        if (!ok) {
            scope.probeFailed++;
        }
        long secondStartMs = clock.loadStartMs() + second * 1000L;
        if (ok) {
            okByVersionBySecondStartMs.computeIfAbsent(secondStartMs, k -> new HashMap<>())
                    .merge(probe.version() == null ? "unknown" : probe.version(), 1L, Long::sum);
        }
        if (probe.pod() != null) {
            long[] pod = pods.computeIfAbsent(probe.pod(), k -> new long[] {0, 0, Long.MAX_VALUE, Long.MIN_VALUE});
            pod[ok ? 0 : 1]++;
            pod[2] = Math.min(pod[2], secondStartMs);
            pod[3] = Math.max(pod[3], secondStartMs);
            if (probe.version() != null) {
                podVersions.put(probe.pod(), probe.version());
            }
        }
    }

    int seconds() {
        return seconds;
    }

    long sent(int second) {
        return second < seconds ? sent[second] : 0;
    }

    long failed(int second) {
        return second < seconds ? failed[second] : 0;
    }

    long[] failuresByKind(int second) {
        return second < seconds ? Arrays.copyOfRange(failuresByKind, second * KINDS, (second + 1) * KINDS)
                : new long[KINDS];
    }

    double p99Ms(int second) {
        return second < seconds && latency[second] != null ? latency[second].getValueAtPercentile(99) : Double.NaN;
    }

    private void ensure(int second) {
        if (second >= sent.length) {
            int length = Math.max(second + 1, sent.length * 2);
            sent = Arrays.copyOf(sent, length);
            failed = Arrays.copyOf(failed, length);
            failuresByKind = Arrays.copyOf(failuresByKind, length * KINDS);
            latency = Arrays.copyOf(latency, length);
        }
        if (second >= seconds) {
            seconds = second + 1;
        }
    }
}
