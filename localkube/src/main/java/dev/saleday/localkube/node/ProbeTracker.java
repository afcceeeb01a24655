package dev.saleday.localkube.node;

/** Counts consecutive results against a probe's successThreshold and failureThreshold. */
final class ProbeTracker {

    private final int successThreshold;
    private final int failureThreshold;
    private int successes;
    private int failures;

    ProbeTracker(int successThreshold, int failureThreshold) {
        if (successThreshold < 1 || failureThreshold < 1) {
            throw new IllegalArgumentException("probe thresholds must be >= 1, got success " + successThreshold
                    + ", failure " + failureThreshold);
        }
        this.successThreshold = successThreshold;
        this.failureThreshold = failureThreshold;
    }

    /** What one result means for the probe's verdict. */
    enum Verdict { SUCCEEDED, FAILED, UNCHANGED }

    Verdict record(boolean success) {
        if (success) {
            failures = 0;
            successes++;
            return successes >= successThreshold ? Verdict.SUCCEEDED : Verdict.UNCHANGED;
        }
        successes = 0;
        failures++;
        return failures >= failureThreshold ? Verdict.FAILED : Verdict.UNCHANGED;
    }
}
