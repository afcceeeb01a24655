package dev.saleday.chaos;

import java.time.Duration;

/** A prober whose error rate the test sets. */
final class FakeProbe implements ProbeWindow {
    volatile double errorRate = 0;
    volatile double p99Millis = 10;

    @Override
    public double errorRate(Duration window) {
        return errorRate;
    }

    @Override
    public double p99Millis(Duration window) {
        return p99Millis;
    }
}
