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
    /** What the pods themselves measured (their metrics, scraped during the run). */
    SERVER,
    /** Against an earlier run's verdict.json. */
    REGRESSION
}
