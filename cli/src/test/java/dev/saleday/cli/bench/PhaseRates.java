package dev.saleday.cli.bench;

import dev.saleday.plan.Phase;
import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanParser;
import dev.saleday.records.ShardRecords;
import dev.saleday.plan.PlanSchedule;
import dev.saleday.records.RunRecords;
import dev.saleday.reports.analysis.Analysis;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.analysis.ScopeStats;
import java.nio.file.Path;
import java.util.List;

/**
 * The stepped benchmark of docs/perf/injectors.md: for each run directory, each phase's intended, started and answered
 * requests and its answered rate, and the highest step sustained (at least 99 % of the step's planned requests,
 * rate x duration, started and at least 95 % answered OK, as validity.achievedRate holds a run to), from the records
 * alone (the merged shards when the run had several injectors, read on the first pod's load clock: the pods start a
 * fraction of a second after the coordinator's instant, and read on its clock each step would count the previous
 * step's last fraction of a second, under-counting rising steps; the second pod starts up to ~0.1 s after the first,
 * which the 1 % allows for). A phase named {@code warm-up} (the JIT's time: a cold JVM compiles Gatling, Netty
 * and Scala for its first ~10 s and is then several times cheaper a request) is listed but is no step.
 *
 * <pre>java -cp cli/target/test-classes:cli/target/saleday.jar dev.saleday.cli.bench.PhaseRates RUN_DIR...</pre>
 */
public final class PhaseRates {

    private static final String WARM_UP = "warm-up";
    /** At least this share of the step's planned requests (rate x duration) started... */
    private static final double STARTED = 0.99;
    /** ...and at least this share answered OK (validity.achievedRate's bound). */
    private static final double ANSWERED_OK = 0.95;

    private PhaseRates() {
    }

    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            Path runDir = Path.of(arg);
            Plan plan = PlanParser.parse(runDir.resolve("plan.yaml"));
            RunRecords records = onTheInjectorsClock(RunRecords.load(runDir));
            PlanSchedule schedule = PlanSchedule.of(plan);
            RunAnalysis analysis = Analysis.analyze(records, plan, schedule);
            int shards = records.shards().size();
            System.out.println("## " + runDir + " (" + (shards == 0 ? "in-process injector" : shards + " injector pods")
                    + ")");
            System.out.println("| phase | intended | started | answered OK | answered OK req/s | p99 ms |");
            System.out.println("|---|---|---|---|---|---|");
            double sustained = 0;
            List<Phase> phases = plan.traffic().phases();
            for (int i = 0; i < phases.size(); i++) {
                Phase phase = phases.get(i);
                ScopeStats stats = analysis.phase(phase.name()).orElseThrow();
                double seconds = (stats.endMs() - stats.startMs()) / 1000.0;
                double answeredPerS = stats.successful() / seconds;
                System.out.printf("| %s | %d | %d | %d | %.0f | %.0f |%n", phase.name(), stats.intended(),
                        stats.arrivals(), stats.successful(), answeredPerS, stats.all().valueAtPercentileMs(99));
                long planned = Math.round(schedule.plannedArrivals(i));
                if (!WARM_UP.equals(phase.name()) && stats.arrivals() >= STARTED * planned
                        && stats.successful() >= ANSWERED_OK * planned) {
                    sustained = Math.max(sustained, phase.startRateRps() * plan.traffic().scale());
                }
            }
            System.out.printf("highest step sustained: %.0f req/s%n%n", sustained);
        }
    }

    /** A sharded run's records with the load starting when the first pod started its load. */
    private static RunRecords onTheInjectorsClock(RunRecords r) {
        long podsStartMs = r.shards().stream().mapToLong(ShardRecords::loadStartMs).filter(ms -> ms > 0).min()
                .orElse(-1);
        if (podsStartMs < 0) {
            return r;
        }
        System.out.printf("(the pods started their load %d ms after the coordinator's instant)%n",
                podsStartMs - r.loadStartMs());
        return new RunRecords(r.runDir(), r.run(), podsStartMs, r.simulationLogs(), r.gatlingHeader(), r.probeLog(),
                ShardRecords.mergedSeconds(r.shards(), podsStartMs), r.answers(), r.timeline(), r.host(),
                r.hostCores(), r.incompleteReasons(), r.shards());
    }
}
