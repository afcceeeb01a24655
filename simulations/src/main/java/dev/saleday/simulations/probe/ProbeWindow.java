package dev.saleday.simulations.probe;

import java.time.Duration;

/**
 * The prober's recent results, for chaos's abort guard and conditions: what the probes that ended within the last
 * {@code window} saw. Thread-safe; cheap enough to call every second.
 */
public interface ProbeWindow {

    /** Windows up to this long are kept. */
    Duration LONGEST = Duration.ofSeconds(120);

    /** @param window how far back from now, up to {@link #LONGEST} */
    Stats last(Duration window);

    /**
     * @param probes     probes that ended in the window
     * @param failed     of those, the ones whose outcome was not ok (timeouts included)
     * @param errorRate  failed / probes, 0 when there were no probes
     * @param p99Millis  p99 latency (from the intended send time) of all of them, -1 when there were none
     */
    record Stats(long probes, long failed, double errorRate, double p99Millis) {
    }
}
