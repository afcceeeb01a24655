package dev.saleday.reports.analysis;

/**
 * A span of the load (one phase, or all of it) summed.
 *
 * @param name           the phase name, or {@code overall}
 * @param startMs        epoch ms the span starts
 * @param endMs          epoch ms the span ends (planned end; the recorded end for overall)
 * @param intended       arrivals the plan intended (injector.jsonl, else the plan's rates), -1 when unknown
 * @param arrivals       load requests started
 * @param successful     of them, those that succeeded
 * @param failures       of them, those that failed, by kind
 * @param all            latency of all requests
 * @param successfulOnly latency of the successful ones
 * @param probeSent      prober requests
 * @param probeFailed    prober requests that failed
 */
public record ScopeStats(
        String name,
        long startMs,
        long endMs,
        long intended,
        long arrivals,
        long successful,
        FailureCounts failures,
        LatencyDistribution all,
        LatencyDistribution successfulOnly,
        long probeSent,
        long probeFailed) {

    public long failed() {
        return failures.total();
    }

    /** @return failed / arrivals; 0 when nothing arrived */
    public double errorRate() {
        return arrivals == 0 ? 0 : (double) failed() / arrivals;
    }
}
