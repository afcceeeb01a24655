package dev.saleday.reports.checks;

import java.util.function.LongToDoubleFunction;

/**
 * How far behind the plan's schedule an injector fell, from what it started each second. A request dropped for good
 * is a shortfall (the achieved-rate check judges it), not lag; lag is what the injector owed and sent later: an
 * injector that stalls for ten seconds and then bursts has the right total and a ten-second lag.
 *
 * <p>At the end of each second t the deficit is D(t) = intended(t) - started(t), both cumulative. The part of it sent
 * later is late(t) = D(t) - min over u >= t of D(u). The lag at t is how long before t the plan had asked for the
 * requests that were sent by then on time: t - intended^-1(intended(t) - late(t)). One-second grain.
 */
final class InjectionLag {

    /**
     * @param atMs      ms from the load's start at the end of the worst second, -1 when never behind
     * @param lagMillis the largest lag, ms
     */
    record Result(long lagMillis, long atMs) {
    }

    private InjectionLag() {
    }

    /**
     * @param startedPerSecond requests started in each second of the load, from second 0
     * @param intendedUpTo     cumulative intended requests at a given ms from the load's start (non-decreasing)
     * @param loadMillis       the load's planned length; seconds after it are ignored
     */
    static Result of(long[] startedPerSecond, LongToDoubleFunction intendedUpTo, long loadMillis) {
        int seconds = (int) Math.min(startedPerSecond.length, (loadMillis + 999) / 1000);
        double[] deficit = new double[seconds];
        long started = 0;
        for (int i = 0; i < seconds; i++) {
            started += startedPerSecond[i];
            deficit[i] = intendedUpTo.applyAsDouble(endOf(i, loadMillis)) - started;
        }
        long worst = 0;
        long worstAt = -1;
        double laterMinimum = Double.POSITIVE_INFINITY;
        for (int i = seconds - 1; i >= 0; i--) {
            laterMinimum = Math.min(laterMinimum, deficit[i]);
            double late = deficit[i] - laterMinimum;
            if (late <= 0) {
                continue;
            }
            long end = endOf(i, loadMillis);
            long lag = end - inverse(intendedUpTo, intendedUpTo.applyAsDouble(end) - late, end);
            if (lag > worst) {
                worst = lag;
                worstAt = end;
            }
        }
        return new Result(worst, worstAt);
    }

    private static long endOf(int second, long loadMillis) {
        return Math.min((second + 1) * 1000L, loadMillis);
    }

    /** @return the earliest ms in [0, upToMs] at which the cumulative intended count reaches {@code count} */
    private static long inverse(LongToDoubleFunction intendedUpTo, double count, long upToMs) {
        long low = 0;
        long high = upToMs;
        while (low < high) {
            long mid = (low + high) >>> 1;
            if (intendedUpTo.applyAsDouble(mid) >= count) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }
}
