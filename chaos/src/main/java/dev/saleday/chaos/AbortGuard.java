package dev.saleday.chaos;

import dev.saleday.plan.Guards;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * guards.abortWhen: fires when the prober's error rate over the last {@link #RATE_WINDOW} stays above the bound
 * for the hold time. Fed by polling {@link #observe}; pure apart from the probe it reads.
 */
final class AbortGuard {

    /** The window each sample of the error rate is taken over. */
    static final Duration RATE_WINDOW = Duration.ofSeconds(1);

    private final Guards.AbortWhen rule;
    private final ProbeWindow probe;
    private final LongSupplier clockMillis;
    private long aboveSinceMillis = -1;

    AbortGuard(Guards.AbortWhen rule, ProbeWindow probe, LongSupplier clockMillis) {
        this.rule = rule;
        this.probe = probe;
        this.clockMillis = clockMillis;
    }

    /** @return a message when the guard fires now, else null */
    String observe() {
        double rate = probe.errorRate(RATE_WINDOW);
        long now = clockMillis.getAsLong();
        if (Double.isNaN(rate) || rate <= rule.errorRate()) {
            aboveSinceMillis = -1;
            return null;
        }
        if (aboveSinceMillis < 0) {
            aboveSinceMillis = now;
        }
        if (now - aboveSinceMillis >= rule.holdFor().toMillis()) {
            return String.format("probe error rate %.1f%% above %.1f%% for %d ms (guards.abortWhen)",
                    rate * 100, rule.errorRate() * 100, now - aboveSinceMillis);
        }
        return null;
    }
}
