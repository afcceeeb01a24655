package dev.saleday.localkube.node;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalDouble;

/**
 * A pod's CPU use over time: cumulative CPU nanoseconds sampled at monotonic times, kept for {@code retention}. The
 * counter survives container restarts (each sample adds the growth of the live processes since the last one).
 */
final class CpuAccount {

    private record Sample(long atNanos, long cpuNanos) {
    }

    private final long retentionNanos;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private long totalCpuNanos;

    CpuAccount(Duration retention) {
        this.retentionNanos = retention.toNanos();
    }

    /** @param addedCpuNanos CPU used since the previous sample */
    synchronized void add(long atNanos, long addedCpuNanos) {
        totalCpuNanos += Math.max(0, addedCpuNanos);
        samples.addLast(new Sample(atNanos, totalCpuNanos));
        while (samples.size() > 2 && samples.peekFirst().atNanos() < atNanos - retentionNanos) {
            samples.removeFirst();
        }
    }

    /** Average millicores between the oldest sample inside {@code window} and the newest; empty before 2 samples. */
    synchronized OptionalDouble averageMillicores(Duration window) {
        if (samples.size() < 2) {
            return OptionalDouble.empty();
        }
        Sample last = samples.peekLast();
        Sample first = null;
        for (Sample sample : samples) {
            if (sample.atNanos() >= last.atNanos() - window.toNanos()) {
                first = sample;
                break;
            }
        }
        if (first == null || first == last) {
            return OptionalDouble.empty();
        }
        double cores = (double) (last.cpuNanos() - first.cpuNanos()) / (last.atNanos() - first.atNanos());
        return OptionalDouble.of(cores * 1000.0);
    }
}
