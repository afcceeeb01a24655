package dev.saleday.reports.analysis;

import dev.saleday.reports.verdict.Percentiles;

/**
 * One second of the load, requests keyed by their START (arrival) time, so a stall shows where the arrivals that
 * suffered it arrived, as an open model must show it. Per-second percentiles are within 1 % (2 significant digits).
 *
 * @param second          seconds from the start of the load (0 = the first second of the first phase)
 * @param startMs         epoch ms of the second's start
 * @param phase           the phase running then, or null outside the load
 * @param arrivals        load requests started in this second
 * @param successful      of them, those that succeeded
 * @param failures        of them, those that failed, by kind
 * @param all             latency percentiles of all of them, or null when none
 * @param successfulOnly  latency percentiles of the successful ones, or null when none
 * @param probeSent       prober requests whose tick fell in this second
 * @param probeFailed     of them, those that failed
 * @param probeP99Ms      p99 of the probe latencies of this second, NaN when none
 */
public record SecondStats(
        long second,
        long startMs,
        String phase,
        long arrivals,
        long successful,
        FailureCounts failures,
        Percentiles all,
        Percentiles successfulOnly,
        long probeSent,
        long probeFailed,
        double probeP99Ms) {

    public long failed() {
        return failures.total();
    }

    /** @return whether any request of the load or the prober failed in this second */
    public boolean failing() {
        return failed() > 0 || probeFailed > 0;
    }

    /** @return successes / arrivals of load and probe together; 1 when nothing was sent */
    public double successRate() {
        long sent = arrivals + probeSent;
        return sent == 0 ? 1 : (double) (successful + probeSent - probeFailed) / sent;
    }
}
