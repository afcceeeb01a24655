package dev.saleday.reports.verdict;

/** What a check is about; renderers group checks by it, in this order. */
public enum CheckKind {
    /** The run itself: achieved vs intended load. A failed validity check makes the verdict INVALID. */
    VALIDITY,
    LATENCY,
    ERROR_RATE,
    /** Failed requests attributed to a fault, and the time to recover from it. */
    ZERO_DOWNTIME,
    SCALE_UP,
    SCALE_DOWN,
    ROLLOUT,
    /** How evenly the ready pods shared the answers. */
    BALANCE,
    /** Against an earlier run's verdict.json. */
    REGRESSION
}
