package dev.saleday.plan;

import java.time.Duration;

/** When a fault fires. */
public sealed interface Trigger {

    /**
     * At an offset from the start of the load ({@code at: 45s}) or from a phase's start ({@code at: peak+20s}).
     *
     * @param phase  the phase the offset counts from; null means the start of the load
     * @param offset >= 0
     */
    record At(String phase, Duration offset) implements Trigger {
    }

    /**
     * Repeatedly: first at {@code first}, then every {@code interval}.
     *
     * @param first    the first firing
     * @param interval > 0
     * @param times    how many firings in all; 0 means until the load ends
     */
    record Every(At first, Duration interval, int times) implements Trigger {
    }

    /**
     * When a condition over the observed state has held for {@code holdFor}; fires once.
     *
     * @param condition e.g. {@code readyReplicas >= 8}
     * @param holdFor   >= 0
     */
    record When(Condition condition, Duration holdFor) implements Trigger {
    }
}
