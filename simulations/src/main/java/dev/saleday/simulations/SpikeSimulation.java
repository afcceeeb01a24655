package dev.saleday.simulations;

import dev.saleday.plan.Phase;
import dev.saleday.plan.Plan;

import java.time.Duration;
import java.util.List;

/**
 * A baseline, a fast ramp to a spike, the spike held, a ramp back and a recovery at the baseline:
 * {@code -Dsaleday.baseRps=100 -Dsaleday.spikeRps=1000 -Dsaleday.baseSeconds=30 -Dsaleday.rampSeconds=10
 * -Dsaleday.spikeSeconds=60 -Dsaleday.recoverySeconds=30}.
 */
public class SpikeSimulation extends TrafficSimulation {

    public static List<Phase> phases(double baseRps, double spikeRps, Duration base, Duration ramp, Duration spike,
                                     Duration recovery) {
        return List.of(
                new Phase("baseline", base, baseRps, baseRps),
                new Phase("ramp-up", ramp, baseRps, spikeRps),
                new Phase("spike", spike, spikeRps, spikeRps),
                new Phase("ramp-down", ramp, spikeRps, baseRps),
                new Phase("recovery", recovery, baseRps, baseRps));
    }

    @Override
    protected LoadSettings settingsFromProperties() {
        Plan plan = SimulationProperties.planOrNull();
        List<Phase> phases = phases(
                SimulationProperties.number("saleday.baseRps", 100),
                SimulationProperties.number("saleday.spikeRps", 1000),
                SimulationProperties.seconds("saleday.baseSeconds", 30),
                SimulationProperties.seconds("saleday.rampSeconds", 10),
                SimulationProperties.seconds("saleday.spikeSeconds", 60),
                SimulationProperties.seconds("saleday.recoverySeconds", 30));
        return SimulationProperties.settings("spike", plan, SimulationProperties.traffic(plan, phases), null);
    }
}
