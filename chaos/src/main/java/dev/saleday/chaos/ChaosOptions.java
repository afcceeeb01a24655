package dev.saleday.chaos;

import java.time.Duration;

/**
 * Tunables of a chaos run that are not in the plan.
 *
 * @param verifyTimeout       how long a pod-kill's undo waits for the killed pods to be replaced and ready
 * @param drainTimeout        how long a node-drain keeps retrying evictions refused (429) by a PDB
 * @param pollInterval        how often conditions and the abort guard are evaluated
 * @param probeWindow         the window over which probe.errorRate and probe.p99 are taken
 * @param randomSeed          seed of pod-kill's random pick
 */
public record ChaosOptions(Duration verifyTimeout, Duration drainTimeout, Duration pollInterval, Duration probeWindow,
                           long randomSeed) {

    public static ChaosOptions defaults() {
        return new ChaosOptions(Duration.ofSeconds(120), Duration.ofSeconds(60), Duration.ofMillis(250),
                Duration.ofSeconds(5), 42);
    }

    public ChaosOptions withVerifyTimeout(Duration timeout) {
        return new ChaosOptions(timeout, drainTimeout, pollInterval, probeWindow, randomSeed);
    }

    public ChaosOptions withDrainTimeout(Duration timeout) {
        return new ChaosOptions(verifyTimeout, timeout, pollInterval, probeWindow, randomSeed);
    }

    public ChaosOptions withProbeWindow(Duration window) {
        return new ChaosOptions(verifyTimeout, drainTimeout, pollInterval, window, randomSeed);
    }
}
