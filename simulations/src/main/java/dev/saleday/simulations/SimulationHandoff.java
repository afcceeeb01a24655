package dev.saleday.simulations;

import dev.saleday.simulations.traffic.TrafficModel;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How {@link LoadRun} hands its settings to the simulation Gatling instantiates by class name in the same JVM, and
 * gets the outcome back. One in-process run at a time (Gatling itself is not re-entrant).
 */
final class SimulationHandoff {

    private static final AtomicReference<SimulationHandoff> CURRENT = new AtomicReference<>();

    private final LoadSettings settings;
    private final TrafficModel model;
    private volatile Outcome outcome;

    private SimulationHandoff(LoadSettings settings, TrafficModel model) {
        this.settings = settings;
        this.model = model;
    }

    static SimulationHandoff offer(LoadSettings settings, TrafficModel model) {
        SimulationHandoff handoff = new SimulationHandoff(settings, model);
        if (!CURRENT.compareAndSet(null, handoff)) {
            throw new IllegalStateException("another load run is in progress in this JVM; Gatling runs one at a time");
        }
        return handoff;
    }

    static Optional<SimulationHandoff> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    void release() {
        CURRENT.compareAndSet(this, null);
    }

    LoadSettings settings() {
        return settings;
    }

    /** The traffic model {@link LoadRun} built: the simulation drives it instead of building its own. */
    TrafficModel model() {
        return model;
    }

    void complete(Outcome done) {
        this.outcome = done;
    }

    Optional<Outcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    record Outcome(long loadStartMs, java.util.List<PhaseCounts> phases, InjectorHealth health,
                   Optional<LoadResult.Knee> knee) {
    }
}
