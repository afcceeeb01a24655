package dev.saleday.simulations;

import dev.saleday.plan.Plan;

/**
 * The plan's sale day: its phases, rates (times {@code traffic.scale}), users and k mix, with its latency and
 * error-rate SLOs as Gatling assertions.
 * <pre>
 * mvn -B -pl simulations gatling:test -Dgatling.simulationClass=dev.saleday.simulations.SaleDaySimulation \
 *     -Dsaleday.plan=plans/sale-day.yaml -Dsaleday.url=http://127.0.0.1:8080 [-Dsaleday.shard=0/1]
 *     [-Dsaleday.runDir=/abs/dir] [-Dsaleday.scale=0.01] [-Dsaleday.probeRps=20]
 * </pre>
 */
public class SaleDaySimulation extends TrafficSimulation {

    @Override
    protected LoadSettings settingsFromProperties() {
        Plan plan = SimulationProperties.requiredPlan("SaleDaySimulation");
        return SimulationProperties.settings(plan.name(), plan, SimulationProperties.planTraffic(plan), plan.slo());
    }
}
