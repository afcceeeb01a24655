package dev.saleday.chaos;

import java.time.Duration;

/**
 * The prober's recent results, as chaos needs them for {@code probe.*} conditions and the abort guard. The CLI
 * adapts its prober to this; tests pass a fake. Implementations must be thread-safe and cheap to call (polled a few
 * times a second).
 */
public interface ProbeWindow {

    /**
     * @return the share (0..1) of failed probes among those intended within the last {@code window}, or NaN when
     *         there were none
     */
    double errorRate(Duration window);

    /** @return the 99th percentile latency, in milliseconds, of probes within the last {@code window}, or NaN */
    double p99Millis(Duration window);

    /** No prober: every probe metric is unknown, so probe conditions never hold and the abort guard never fires. */
    static ProbeWindow none() {
        return new ProbeWindow() {
            public double errorRate(Duration window) {
                return Double.NaN;
            }

            public double p99Millis(Duration window) {
                return Double.NaN;
            }
        };
    }
}
