package dev.saleday.chaos;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A prober whose error rate and p99 the test sets. It keeps when each was read, so a test that asserts nothing
 * happened can first prove that the guard or the trigger evaluated them meanwhile (a positive control).
 */
final class FakeProbe implements ProbeWindow {
    volatile double errorRate = 0;
    volatile double p99Millis = 10;
    private final List<Long> errorRateReadsMs = new CopyOnWriteArrayList<>();
    private final List<Long> p99ReadsMs = new CopyOnWriteArrayList<>();

    @Override
    public double errorRate(Duration window) {
        errorRateReadsMs.add(System.currentTimeMillis());
        return errorRate;
    }

    @Override
    public double p99Millis(Duration window) {
        p99ReadsMs.add(System.currentTimeMillis());
        return p99Millis;
    }

    /** @return ms between the first and the last read of the error rate since {@code sinceMs} (0 when < 2 reads) */
    long errorRateReadSpanMillis(long sinceMs) {
        return span(errorRateReadsMs, sinceMs);
    }

    /** @return ms between the first and the last read of the p99 since {@code sinceMs} (0 when < 2 reads) */
    long p99ReadSpanMillis(long sinceMs) {
        return span(p99ReadsMs, sinceMs);
    }

    private static long span(List<Long> readsMs, long sinceMs) {
        List<Long> since = readsMs.stream().filter(t -> t >= sinceMs).toList();
        return since.size() < 2 ? 0 : since.get(since.size() - 1) - since.get(0);
    }
}
