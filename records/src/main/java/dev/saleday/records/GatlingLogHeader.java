package dev.saleday.records;

import java.util.List;

/**
 * The run record at the start of Gatling's simulation.log.
 *
 * @param gatlingVersion  the Gatling version that wrote it
 * @param simulationClass the simulation's class name
 * @param runStartMs      epoch ms; every request time in the file is an int offset from it
 * @param description     the run description, possibly empty
 * @param scenarios       the scenario names, by index
 */
public record GatlingLogHeader(String gatlingVersion, String simulationClass, long runStartMs, String description,
                               List<String> scenarios) {
    public GatlingLogHeader {
        scenarios = List.copyOf(scenarios);
    }
}
