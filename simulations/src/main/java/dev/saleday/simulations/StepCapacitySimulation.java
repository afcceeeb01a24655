package dev.saleday.simulations;

import dev.saleday.plan.Phase;
import dev.saleday.plan.Plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the knee: raises the rate step by step and stops at the first step whose p99 or error rate breaks a bound.
 * {@code -Dsaleday.startRps=100 -Dsaleday.stepRps=100 -Dsaleday.steps=20 -Dsaleday.stepSeconds=10
 * -Dsaleday.maxP99Ms=200 -Dsaleday.maxErrorRate=0.01}. Steps are phases named {@code step-01-100rps}...; the
 * judgement of each step and the knee go to {@code capacity.jsonl} in the run directory and to the console.
 */
public class StepCapacitySimulation extends TrafficSimulation {

    public static List<Phase> phases(double startRps, double stepRps, int steps, Duration stepDuration) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        List<Phase> phases = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            double rate = startRps + i * stepRps;
            phases.add(new Phase(String.format("step-%02d-%.0frps", i + 1, rate), stepDuration, rate, rate));
        }
        return phases;
    }

    @Override
    protected LoadSettings settingsFromProperties() {
        Plan plan = SimulationProperties.planOrNull();
        List<Phase> phases = phases(
                SimulationProperties.number("saleday.startRps", 100),
                SimulationProperties.number("saleday.stepRps", 100),
                (int) SimulationProperties.number("saleday.steps", 20),
                SimulationProperties.seconds("saleday.stepSeconds", 10));
        LoadSettings.CapacityBounds bounds = new LoadSettings.CapacityBounds(
                Duration.ofMillis((long) SimulationProperties.number("saleday.maxP99Ms", 200)),
                SimulationProperties.number("saleday.maxErrorRate", 0.01));
        return SimulationProperties.settings("capacity", plan, SimulationProperties.traffic(plan, phases), null)
                .withCapacitySearch(bounds);
    }

    @Override
    protected boolean searchesCapacity() {
        return true;
    }
}
