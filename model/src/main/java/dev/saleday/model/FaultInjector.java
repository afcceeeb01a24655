package dev.saleday.model;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The fault knobs chaos turns (through the ConfigMap and a rollout restart): latency added to every predict, and a
 * share of predicts answered 500. Which predicts fail is fixed by a seed and the request's sequence number, so a run
 * is repeatable: the n-th predict of a process with the same settings fails or not the same way every time.
 */
final class FaultInjector {
    private final long latencyMillis;
    private final double errorRate;
    private final long seed;
    private final AtomicLong sequence = new AtomicLong();

    FaultInjector(long latencyMillis, double errorRate, long seed) {
        this.latencyMillis = latencyMillis;
        this.errorRate = errorRate;
        this.seed = seed;
    }

    void addLatency() throws InterruptedException {
        if (latencyMillis > 0) {
            Thread.sleep(latencyMillis);
        }
    }

    /** Whether this predict must fail. */
    boolean nextFails() {
        if (errorRate <= 0) {
            return false;
        }
        long bits = mix(seed + sequence.incrementAndGet() * 0x9E3779B97F4A7C15L);
        double u = (bits >>> 11) * 0x1.0p-53;
        return u < errorRate;
    }

    /** SplitMix64's finaliser: a well-spread 64-bit hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
