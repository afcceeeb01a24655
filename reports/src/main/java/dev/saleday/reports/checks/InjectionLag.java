package dev.saleday.reports.checks;

import dev.saleday.plan.PlanSchedule;
import java.util.function.DoubleToLongFunction;
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
     * @param startedPerSecond requests started in each second of the load, from second 0; seconds after the load's
     *                         planned end are ignored
     * @param schedule         the plan's clock: A(t), the cumulative intended arrivals, and its inverse
     * @param share            the injector's share of the plan's arrivals (1 for the whole load)
     */
    static Result of(long[] startedPerSecond, PlanSchedule schedule, double share) {
        return of(startedPerSecond, schedule.loadMillis(), ms -> share * schedule.arrivalsBefore(ms),
                count -> schedule.millisReaching(count / share));
    }

    /**
     * @param startedPerSecond requests started in each second of the load, from second 0
     * @param loadMillis       the load's length; seconds after it are ignored
     * @param intendedUpTo     the injector's intended arrivals before an offset (ms from the load's start)
     * @param millisReaching   its inverse: the offset at which the intended arrivals reach a count
     */
    static Result of(long[] startedPerSecond, long loadMillis, LongToDoubleFunction intendedUpTo,
                     DoubleToLongFunction millisReaching) {
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
            long lag = end - Math.min(end, millisReaching.applyAsLong(intendedUpTo.applyAsDouble(end) - late));
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
}
