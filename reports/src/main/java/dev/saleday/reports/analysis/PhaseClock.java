package dev.saleday.reports.analysis;

import dev.saleday.plan.Phase;
import dev.saleday.plan.Traffic;
import java.util.List;

/** Where the plan's phases fall in epoch ms, given the load's start; finds a time's phase fast for ordered times. */
final class PhaseClock {

    private final long loadStartMs;
    private final List<Phase> phases;
    private final long[] startMs;
    private final long[] endMs;
    private int lastHit;

    PhaseClock(long loadStartMs, Traffic traffic) {
        this.loadStartMs = loadStartMs;
        this.phases = traffic.phases();
        startMs = new long[phases.size()];
        endMs = new long[phases.size()];
        long at = loadStartMs;
        for (int i = 0; i < phases.size(); i++) {
            startMs[i] = at;
            at += phases.get(i).duration().toMillis();
            endMs[i] = at;
        }
    }

    int count() {
        return phases.size();
    }

    Phase phase(int index) {
        return phases.get(index);
    }

    long startMs(int index) {
        return startMs[index];
    }

    long endMs(int index) {
        return endMs[index];
    }

    long loadStartMs() {
        return loadStartMs;
    }

    long loadEndMs() {
        return phases.isEmpty() ? loadStartMs : endMs[phases.size() - 1];
    }

    /** @return the index of the phase running at {@code tMs}, or -1 outside the load */
    int indexAt(long tMs) {
        if (tMs >= startMs[lastHit] && tMs < endMs[lastHit]) {
            return lastHit;
        }
        for (int i = 0; i < startMs.length; i++) {
            if (tMs >= startMs[i] && tMs < endMs[i]) {
                lastHit = i;
                return i;
            }
        }
        return -1;
    }

    /** @return the name of the phase at {@code tMs}, or null */
    String nameAt(long tMs) {
        int index = indexAt(tMs);
        return index < 0 ? null : phases.get(index).name();
    }
}
