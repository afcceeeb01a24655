package dev.saleday.simulations;

import dev.saleday.plan.Phase;
import dev.saleday.plan.Plan;

import java.time.Duration;
import java.util.List;

/**
 * One constant rate: {@code -Dsaleday.rateRps=100 -Dsaleday.durationSeconds=60}. Users, k mix and seed from
 * {@code -Dsaleday.plan} when given, else the plan format's defaults.
 */
public class SteadySimulation extends TrafficSimulation {

    public static List<Phase> phases(double rateRps, Duration duration) {
        return List.of(new Phase("steady", duration, rateRps, rateRps));
    }

    @Override
    protected LoadSettings settingsFromProperties() {
        Plan plan = SimulationProperties.planOrNull();
        List<Phase> phases = phases(SimulationProperties.number("saleday.rateRps", 100),
                SimulationProperties.seconds("saleday.durationSeconds", 60));
        return SimulationProperties.settings("steady", plan, SimulationProperties.traffic(plan, phases), null);
    }
}
