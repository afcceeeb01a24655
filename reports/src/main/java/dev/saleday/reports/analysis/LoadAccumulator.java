package dev.saleday.reports.analysis;

import dev.saleday.records.GatlingLogVisitor;
import java.util.Arrays;

/**
 * Folds Gatling's requests into per-phase and per-second counts and histograms as they stream by; keeps nothing per
 * request. A request counts in the second and phase of its START (its arrival).
 */
final class LoadAccumulator implements GatlingLogVisitor {

    private final PhaseClock clock;
    private final ScopeAccumulator[] phases;
    private final ScopeAccumulator outside = new ScopeAccumulator();
    private final SecondSeries seconds;
    private final StarvedTime starved;
    private final ScopeAccumulator[] clearPhases;
    private final ScopeAccumulator clearOutside;
    private FailureKind[] kindByString = new FailureKind[64];
    private long firstStartMs = Long.MAX_VALUE;
    private long lastEndMs = Long.MIN_VALUE;
    private long lastStartMs = Long.MIN_VALUE;

    LoadAccumulator(PhaseClock clock, ScopeAccumulator[] phases, SecondSeries seconds) {
        this(clock, phases, seconds, StarvedTime.NONE);
    }

    /** @param starved requests that met these stretches are left out of {@link #clearOfStarved} */
    LoadAccumulator(PhaseClock clock, ScopeAccumulator[] phases, SecondSeries seconds, StarvedTime starved) {
        this.clock = clock;
        this.phases = phases;
        this.seconds = seconds;
        this.starved = starved;
        // kept apart only when host.jsonl says the host starved us: no histograms for nothing otherwise
        this.clearPhases = new ScopeAccumulator[starved.isEmpty() ? 0 : phases.length];
        for (int i = 0; i < clearPhases.length; i++) {
            clearPhases[i] = new ScopeAccumulator();
        }
        this.clearOutside = starved.isEmpty() ? null : new ScopeAccumulator();
    }

    @Override
    public void string(int index, String value) {
        if (index >= kindByString.length) {
            kindByString = Arrays.copyOf(kindByString, Math.max(index + 1, kindByString.length * 2));
        }
        kindByString[index] = FailureKind.ofGatlingMessage(value);
    }

    @Override
    public void request(int nameIndex, long startMs, long endMs, boolean ok, int messageIndex) {
        long latencyMs = Math.max(0, endMs - startMs);
        FailureKind failure = ok ? null : kindByString[messageIndex];
        int phase = clock.indexAt(startMs);
        (phase < 0 ? outside : phases[phase]).record(latencyMs, ok, failure);
        if (!starved.isEmpty() && !starved.overlaps(startMs, endMs)) {
            (phase < 0 ? clearOutside : clearPhases[phase]).record(latencyMs, ok, failure);
        }
        seconds.record(secondOf(startMs), latencyMs, ok, failure);
        if (startMs < firstStartMs) {
            firstStartMs = startMs;
        }
        if (endMs > lastEndMs) {
            lastEndMs = endMs;
        }
        if (startMs > lastStartMs) {
            lastStartMs = startMs;
        }
    }

    int secondOf(long tMs) {
        long second = Math.floorDiv(tMs - clock.loadStartMs(), 1000L);
        return (int) Math.max(0, second);
    }

    ScopeAccumulator outside() {
        return outside;
    }

    /**
     * @param phase a phase's index, or -1 for the requests outside every phase
     * @return that span's requests that met no starved stretch; null when the host never starved our processes
     */
    ScopeAccumulator clearOfStarved(int phase) {
        if (starved.isEmpty()) {
            return null;
        }
        return phase < 0 ? clearOutside : clearPhases[phase];
    }

    long lastEndMs() {
        return lastEndMs;
    }

    /** @return the start of the last request read, Long.MIN_VALUE when none */
    long lastStartMs() {
        return lastStartMs;
    }
}
