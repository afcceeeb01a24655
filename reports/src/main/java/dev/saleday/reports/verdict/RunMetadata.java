package dev.saleday.reports.verdict;

import dev.saleday.records.RunInfo;
import java.util.Objects;

/**
 * What ran, where and when, as a verdict reports it: run.json (the records module's {@link RunInfo}, with the
 * load start as the analysis took it) and simulation.log's header.
 *
 * @param info            run.json; its members are null when the file was missing. Its {@code loadStartMs} is the
 *                        one phase boundaries count from: run.json's, else injector.jsonl's, else simulation.log's
 * @param gatlingVersion  the Gatling version that wrote simulation.log, or null
 * @param simulationClass Gatling's simulation class, or null
 */
public record RunMetadata(RunInfo info, String gatlingVersion, String simulationClass) {

    public RunMetadata {
        Objects.requireNonNull(info, "info (RunInfo.UNKNOWN when run.json was missing)");
    }
}
