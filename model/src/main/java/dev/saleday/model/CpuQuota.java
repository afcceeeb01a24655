package dev.saleday.model;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * A CPU limit enforced inside the process, the way the Linux CFS quota enforces a container's {@code limits.cpu}:
 * in every period of {@link #PERIOD_NANOS} the request workers together may use {@code millicores / 1000 * period}
 * of CPU time. A worker measures its own thread CPU time around each request ({@link #charge}); once the period's
 * budget is spent, {@link #awaitBudget} blocks workers until a later period has budget again. An overrun is carried
 * into the next periods, so over any longer window the workers use at most the limit on average: capacity follows
 * the limit on any host, whatever its core count. Unlike CFS, CPU used outside request handling (the HTTP
 * dispatcher thread, GC, JIT) is not counted; it is small next to the scoring of 10k items.
 */
final class CpuQuota {
    static final long PERIOD_NANOS = 100_000_000L;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long budgetNanosPerPeriod;
    private long periodStartNanos;
    private long usedNanos;
    private long throttledNanos;

    private CpuQuota(long budgetNanosPerPeriod) {
        this.budgetNanosPerPeriod = budgetNanosPerPeriod;
        this.periodStartNanos = System.nanoTime();
    }

    /** {@code millicores} 0 means unlimited. */
    static CpuQuota of(int millicores) {
        if (millicores < 0) {
            throw new IllegalArgumentException("millicores must be >= 0, got " + millicores);
        }
        if (millicores > 0 && !THREADS.isCurrentThreadCpuTimeSupported()) {
            throw new ConfigException("CPU_LIMIT_MILLICORES needs thread CPU time, which this JVM does not measure");
        }
        return new CpuQuota(millicores == 0 ? 0 : PERIOD_NANOS * millicores / 1000);
    }

    boolean unlimited() {
        return budgetNanosPerPeriod == 0;
    }

    /** CPU time of the calling thread, or 0 when unlimited (no need to measure). */
    long threadCpuNanos() {
        return unlimited() ? 0 : THREADS.getCurrentThreadCpuTime();
    }

    /** Blocks until the current period has budget left. */
    void awaitBudget() throws InterruptedException {
        if (unlimited()) {
            return;
        }
        while (true) {
            long waitNanos;
            synchronized (this) {
                long now = System.nanoTime();
                roll(now);
                if (usedNanos < budgetNanosPerPeriod) {
                    return;
                }
                // Debt larger than one budget waits more than one period.
                long periodsOwed = usedNanos / budgetNanosPerPeriod;
                waitNanos = periodStartNanos + periodsOwed * PERIOD_NANOS - now;
            }
            if (waitNanos > 0) {
                long start = System.nanoTime();
                Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
                synchronized (this) {
                    throttledNanos += System.nanoTime() - start;
                }
            }
        }
    }

    /** Adds CPU time a worker used since {@code startCpuNanos} (from {@link #threadCpuNanos()}). */
    void charge(long startCpuNanos) {
        if (unlimited()) {
            return;
        }
        long used = THREADS.getCurrentThreadCpuTime() - startCpuNanos;
        synchronized (this) {
            roll(System.nanoTime());
            usedNanos += Math.max(0, used);
        }
    }

    /** Total time workers spent blocked for budget, summed over workers. */
    synchronized long throttledNanos() {
        return throttledNanos;
    }

    private void roll(long now) {
        long periods = (now - periodStartNanos) / PERIOD_NANOS;
        if (periods > 0) {
            usedNanos = Math.max(0, usedNanos - periods * budgetNanosPerPeriod);
            periodStartNanos += periods * PERIOD_NANOS;
        }
    }
}
