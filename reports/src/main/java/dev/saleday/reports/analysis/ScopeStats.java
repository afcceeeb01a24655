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
 * @param clearOfStarved the span's load requests whose time in flight met no stretch in which the host starved our
 *                       processes of CPU (host.jsonl, every stretch however short; no prober requests), for a check
 *                       to tell whether its outcome rests on them; null when the host never starved our processes
 *                       or was not judged
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
        long probeFailed,
        ScopeStats clearOfStarved) {

    /** A span with no starved time to set apart. */
    public ScopeStats(String name, long startMs, long endMs, long intended, long arrivals, long successful,
                      FailureCounts failures, LatencyDistribution all, LatencyDistribution successfulOnly,
                      long probeSent, long probeFailed) {
        this(name, startMs, endMs, intended, arrivals, successful, failures, all, successfulOnly, probeSent,
                probeFailed, null);
    }

    public long failed() {
        return failures.total();
    }

    /** @return failed / arrivals; 0 when nothing arrived */
    public double errorRate() {
        return arrivals == 0 ? 0 : (double) failed() / arrivals;
    }
}
