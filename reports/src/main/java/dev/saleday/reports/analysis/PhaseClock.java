package dev.saleday.reports.analysis;

import dev.saleday.plan.Phase;
import dev.saleday.plan.PlanSchedule;

/** The plan's phases ({@link PlanSchedule}) placed in epoch ms, given the load's start. */
final class PhaseClock {

    private final long loadStartMs;
    private final PlanSchedule schedule;

    PhaseClock(long loadStartMs, PlanSchedule schedule) {
        this.loadStartMs = loadStartMs;
        this.schedule = schedule;
    }

    int count() {
        return schedule.phases().size();
    }

    Phase phase(int index) {
        return schedule.phases().get(index);
    }

    long startMs(int index) {
        return loadStartMs + schedule.phaseStartMillis(index);
    }

    long endMs(int index) {
        return loadStartMs + schedule.phaseEndMillis(index);
    }

    long loadStartMs() {
        return loadStartMs;
    }

    long loadEndMs() {
        return loadStartMs + schedule.loadMillis();
    }

    /** @return the index of the phase running at {@code tMs}, or -1 outside the load */
    int indexAt(long tMs) {
        return schedule.phaseIndexAt(tMs - loadStartMs);
    }

    /** @return the name of the phase at {@code tMs}, or null */
    String nameAt(long tMs) {
        int index = indexAt(tMs);
        return index < 0 ? null : phase(index).name();
    }
}
