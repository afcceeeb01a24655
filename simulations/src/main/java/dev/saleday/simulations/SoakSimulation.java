package dev.saleday.simulations;

import dev.saleday.plan.Phase;
import dev.saleday.plan.Plan;

import java.time.Duration;
import java.util.List;

/**
 * A moderate rate held for long, to surface leaks and slow degradation: {@code -Dsaleday.rateRps=50
 * -Dsaleday.durationSeconds=1800}. The plan's SLOs without a phase apply when {@code -Dsaleday.plan} is given.
 */
public class SoakSimulation extends TrafficSimulation {

    public static List<Phase> phases(double rateRps, Duration duration) {
        return List.of(new Phase("soak", duration, rateRps, rateRps));
    }

    @Override
    protected LoadSettings settingsFromProperties() {
        Plan plan = SimulationProperties.planOrNull();
        List<Phase> phases = phases(SimulationProperties.number("saleday.rateRps", 50),
                SimulationProperties.seconds("saleday.durationSeconds", 1800));
        return SimulationProperties.settings("soak", plan, SimulationProperties.traffic(plan, phases),
                SimulationProperties.sloOrNull(plan));
    }
}
