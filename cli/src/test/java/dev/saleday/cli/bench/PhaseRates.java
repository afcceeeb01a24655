package dev.saleday.cli.bench;

import dev.saleday.plan.Phase;
import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanParser;
import dev.saleday.records.ShardRecords;
import dev.saleday.reports.Analyzer;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.analysis.ScopeStats;
import java.nio.file.Path;

/**
 * The stepped benchmark of docs/perf/injectors.md: for each run directory, each phase's intended, started and answered
 * requests and its answered rate, and the highest step sustained (every request of the step started and at least
 * 95 % of them answered OK, as validity.achievedRate holds a run to), from the records alone (the merged shards when
 * the run had several injectors). A phase named {@code warm-up} (the JIT's time: a cold JVM compiles Gatling, Netty
 * and Scala for its first ~10 s and is then several times cheaper a request) is listed but is no step.
 *
 * <pre>java -cp cli/target/test-classes:cli/target/saleday.jar dev.saleday.cli.bench.PhaseRates RUN_DIR...</pre>
 */
public final class PhaseRates {

    private static final String WARM_UP = "warm-up";

    private PhaseRates() {
    }

    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            Path runDir = Path.of(arg);
            Plan plan = PlanParser.parse(runDir.resolve("plan.yaml"));
            RunAnalysis analysis = Analyzer.analyze(runDir, plan, null).analysis();
            int shards = ShardRecords.loadAll(runDir).size();
            System.out.println("## " + runDir + " (" + (shards == 0 ? "in-process injector" : shards + " injector pods")
                    + ")");
            System.out.println("| phase | intended | started | answered OK | answered OK req/s | p99 ms |");
            System.out.println("|---|---|---|---|---|---|");
            double sustained = 0;
            for (Phase phase : plan.traffic().phases()) {
                ScopeStats stats = analysis.phase(phase.name()).orElseThrow();
                double seconds = (stats.endMs() - stats.startMs()) / 1000.0;
                double answeredPerS = stats.successful() / seconds;
                System.out.printf("| %s | %d | %d | %d | %.0f | %.0f |%n", phase.name(), stats.intended(),
                        stats.arrivals(), stats.successful(), answeredPerS, stats.all().valueAtPercentileMs(99));
                if (!WARM_UP.equals(phase.name()) && stats.intended() > 0 && stats.arrivals() >= stats.intended()
                        && stats.successful() >= 0.95 * stats.intended()) {
                    sustained = Math.max(sustained, stats.intended() / seconds);
                }
            }
            System.out.printf("highest step sustained: %.0f req/s%n%n", sustained);
        }
    }
}
