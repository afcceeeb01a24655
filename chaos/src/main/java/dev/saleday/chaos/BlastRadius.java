package dev.saleday.chaos;

import dev.saleday.plan.Count;

/**
 * guards.maxPodsKilled over the whole run: pods deleted or evicted by all faults together. A share is taken of the
 * target's pods at the moment an action prepares.
 */
final class BlastRadius {

    private final Count maxPodsKilled;
    private int killed;

    BlastRadius(Count maxPodsKilled) {
        this.maxPodsKilled = maxPodsKilled;
    }

    /** @return how many more pods may be killed, given the target's current pod count */
    synchronized int remaining(int targetPods) {
        if (maxPodsKilled == null) {
            return Integer.MAX_VALUE;
        }
        return Math.max(0, maxPodsKilled.resolve(targetPods) - killed);
    }

    synchronized void record(int pods) {
        killed += pods;
    }

    synchronized int killed() {
        return killed;
    }

    String rule() {
        return "guards.maxPodsKilled " + maxPodsKilled;
    }
}
