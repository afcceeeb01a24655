package dev.saleday.simulations;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one load run.
 *
 * @param exitStatus    Gatling's: 0 ok, 1 bad arguments or crash, 2 assertions failed
 * @param simulationLog Gatling's binary log ({@code runDir/gatling/<sim>-<ts>/simulation.log}); null when Gatling
 *                      wrote none
 * @param loadStartMs   epoch milliseconds of the start of the load (first phase); -1 when it never started
 * @param phases        per phase: planned, sent, ok, failed, p99
 * @param health        whether the injector kept up; null when the load never started
 * @param knee          {@link StepCapacitySimulation} only: the first step over the bounds; empty otherwise or when
 *                      every step held
 */
public record LoadResult(
        int exitStatus,
        Path simulationLog,
        long loadStartMs,
        List<PhaseCounts> phases,
        InjectorHealth health,
        Optional<Knee> knee) {

    public static final int OK = 0;
    public static final int CRASHED = 1;
    public static final int ASSERTIONS_FAILED = 2;

    public LoadResult {
        phases = List.copyOf(phases);
    }

    public Optional<PhaseCounts> phase(String name) {
        return phases.stream().filter(p -> p.phase().equals(name)).findFirst();
    }

    /**
     * The knee of a capacity search.
     *
     * @param step                 the first step that broke a bound
     * @param stepRateRps          its rate (after scale and shard)
     * @param lastSustainedRateRps the rate of the step before it, 0 when the first step broke
     * @param p99Millis            the step's p99
     * @param errorRate            the step's failed share
     */
    public record Knee(String step, double stepRateRps, double lastSustainedRateRps, double p99Millis, double errorRate) {
    }
}
