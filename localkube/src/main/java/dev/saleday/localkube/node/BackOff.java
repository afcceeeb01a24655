package dev.saleday.localkube.node;

import java.time.Duration;

/**
 * The kubelet's restart back-off: the first restart is immediate, then {@code base}, doubling up to {@code max}; a
 * container that ran longer than twice {@code max} starts over.
 */
final class BackOff {

    private final Duration base;
    private final Duration max;
    private Duration current;

    BackOff(Duration base, Duration max) {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < base <= max, got base " + base + ", max " + max);
        }
        this.base = base;
        this.max = max;
    }

    /** @param ranFor how long the container ran before this failure */
    Duration next(Duration ranFor) {
        if (ranFor.compareTo(max.multipliedBy(2)) > 0) {
            current = null;
        }
        if (current == null) {
            current = base;
            return Duration.ZERO;
        }
        Duration delay = current;
        current = current.multipliedBy(2).compareTo(max) > 0 ? max : current.multipliedBy(2);
        return delay;
    }
}
