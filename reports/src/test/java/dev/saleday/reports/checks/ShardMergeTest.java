package dev.saleday.reports.checks;

import static dev.saleday.reports.testing.Plans.phase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.plan.Plan;
import dev.saleday.records.GatlingLogWriter;
import dev.saleday.records.InjectorFile;
import dev.saleday.records.InjectorSecond;
import dev.saleday.records.JsonLinesWriter;
import dev.saleday.records.ShardRecords;
import dev.saleday.reports.Analyzer;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.testing.Plans;
import dev.saleday.reports.testing.RunDir;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.Outcome;
import dev.saleday.reports.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several injectors, one verdict: the same requests recorded by one injector and split over three shards
 * ({@code shards/<i>/}) give the same counts and the same percentiles, exactly, from the merged histograms; a shard
 * that stopped early or missed the start instant makes the run INVALID, named with its share and when it stopped.
 */
class ShardMergeTest {

    private static final int SHARDS = 3;
    private static final int SECONDS = 40;
    private static final int RATE_RPS = 5;

    @TempDir
    Path dir;

    private static final Plan PLAN = Plans.plan(List.of(phase("steady", SECONDS, RATE_RPS)), List.of(), Plans.NO_SLO);

    /** Request j is due at j * 200 ms and took a seeded latency; shard j mod 3 sends it. */
    private static long latencyMs(Random random) {
        return 3 + (long) Math.exp(2.5 + random.nextGaussian() * 0.8);
    }

    private Path single() {
        Path runDir = dir.resolve("single");
        Random random = new Random(7);
        try (RunDir run = new RunDir(runDir)) {
            for (int j = 0; j < SECONDS * RATE_RPS; j++) {
                run.ok(j * 200L, latencyMs(random));
            }
            for (int s = 0; s < SECONDS; s++) {
                run.injector(s * 1000L, "steady", RATE_RPS, RATE_RPS, 3);
            }
        }
        return runDir;
    }

    /**
     * @param stoppedShard   the shard whose records end at {@code stoppedAtMs} (-1: none)
     * @param lateShard      the shard that started {@code lateByMs} after the run's start instant (-1: none)
     */
    private Path sharded(String name, int stoppedShard, long stoppedAtMs, int lateShard, long lateByMs)
            throws IOException {
        Path runDir = dir.resolve(name);
        try (RunDir run = new RunDir(runDir)) {
            run.phase(0, "steady", "start"); // run.json, probe, timeline as the coordinator writes them
        }
        deleteTree(runDir.resolve("gatling"));
        Random random = new Random(7);
        GatlingLogWriter[] logs = new GatlingLogWriter[SHARDS];
        List<List<InjectorSecond>> seconds = new ArrayList<>();
        long[] startMs = new long[SHARDS];
        for (int i = 0; i < SHARDS; i++) {
            startMs[i] = RunDir.LOAD_START_MS + (i == lateShard ? lateByMs : 0);
            Path logDir = ShardRecords.dir(runDir, i).resolve("gatling/saledaysimulation-1");
            Files.createDirectories(logDir);
            logs[i] = GatlingLogWriter.create(logDir.resolve("simulation.log"), "dev.saleday.SaleDaySimulation",
                    startMs[i] - 50, List.of("load"));
            seconds.add(new ArrayList<>());
        }
        long[][] perSecond = new long[SHARDS][SECONDS];
        for (int j = 0; j < SECONDS * RATE_RPS; j++) {
            int shard = j % SHARDS;
            long atMs = j * 200L;
            long latency = latencyMs(random);
            if (shard == stoppedShard && atMs >= stoppedAtMs) {
                continue;
            }
            logs[shard].request("predict", RunDir.LOAD_START_MS + atMs, RunDir.LOAD_START_MS + atMs + latency,
                    true, "");
            perSecond[shard][(int) (atMs / 1000)]++;
        }
        for (int i = 0; i < SHARDS; i++) {
            logs[i].close();
            try (JsonLinesWriter out = InjectorFile.create(ShardRecords.dir(runDir, i),
                    new InjectorFile.Header(i + "/" + SHARDS, startMs[i]))) {
                for (int s = 0; s < SECONDS; s++) {
                    if (i == stoppedShard && s * 1000L >= stoppedAtMs) {
                        break;
                    }
                    out.write(new InjectorSecond(startMs[i] + s * 1000L, "steady", perSecond[i][s] == 0 ? 0
                            : perSecond[i][s], perSecond[i][s], 0.3, 3L));
                }
            }
        }
        return runDir;
    }

    @Test
    void threeShardsMergeExactlyIntoTheSingleInjectorsNumbers() throws IOException {
        Analyzer.Result one = Analyzer.analyze(single(), PLAN, null);
        Analyzer.Result three = Analyzer.analyze(sharded("three", -1, 0, -1, 0), PLAN, null);
        RunAnalysis a = one.analysis();
        RunAnalysis b = three.analysis();

        assertThat(b.overall().arrivals()).isEqualTo(a.overall().arrivals()).isEqualTo(200);
        assertThat(b.overall().intended()).isEqualTo(a.overall().intended()).isEqualTo(200);
        assertThat(b.overall().all().percentiles()).isEqualTo(a.overall().all().percentiles());
        assertThat(b.overall().all().hgrm()).isEqualTo(a.overall().all().hgrm());
        assertThat(b.seconds()).extracting(s -> s.arrivals()).isEqualTo(a.seconds().stream().map(s -> s.arrivals())
                .toList());
        assertThat(b.injector()).extracting(InjectorSecond::sent)
                .isEqualTo(a.injector().stream().map(InjectorSecond::sent).toList());
        assertThat(b.shards()).hasSize(3);
        assertThat(b.shards().get(1).sent()).isEqualTo(67);
        assertThat(b.shards().get(2).sent()).isEqualTo(66);

        assertThat(one.verdict().verdict()).isEqualTo(Outcome.PASS);
        assertThat(three.verdict().verdict()).isEqualTo(Outcome.PASS);
        assertThat(one.verdict().checks()).noneMatch(c -> c.name().equals(ShardsCheck.NAME));
        Check shards = find(three.verdict(), ShardsCheck.NAME);
        assertThat(shards.measured()).isZero();
        assertThat(shards.detail()).startsWith("3 injector shards each started on time, ran to the end and kept up"
                + " (0/3: 67 sent, 1.7 req/s, 100.0 % achieved, lag 0.0 s; 1/3: 67 sent");
    }

    @Test
    void aShardThatStoppedOrMissedTheStartMakesTheRunInvalidNamingIt() throws IOException {
        Verdict stopped = Analyzer.analyze(sharded("stopped", 1, 20_000, -1, 0), PLAN, null).verdict();
        assertThat(stopped.verdict()).isEqualTo(Outcome.INVALID);
        assertThat(stopped.headline()).isEqualTo("INVALID (the injector)");
        Check check = find(stopped, ShardsCheck.NAME);
        assertThat(check.measured()).isEqualTo(1);
        assertThat(check.detail()).startsWith("shard 1/3 (33.5 % of the arrivals, 67 requests) stopped at 0:20 of the"
                + " load's 0:40: its records end there");
        assertThat(check.atMs()).isEqualTo(RunDir.LOAD_START_MS + 20_000);

        Verdict late = Analyzer.analyze(sharded("late", -1, 0, 2, 3_000), PLAN, null).verdict();
        assertThat(late.verdict()).isEqualTo(Outcome.INVALID);
        assertThat(find(late, ShardsCheck.NAME).detail()).startsWith("shard 2/3 (33.0 % of the arrivals, 66 requests)"
                + " missed the start instant by +3.000 s (allowed 1.000 s)");

        // a shard whose requests never came back (its pod died before collection: injector seconds, no log)
        Path lost = sharded("lost", -1, 0, -1, 0);
        deleteTree(ShardRecords.dir(lost, 1).resolve("gatling"));
        Check lostCheck = find(Analyzer.analyze(lost, PLAN, null).verdict(), ShardsCheck.NAME);
        assertThat(lostCheck.measured()).isEqualTo(1);
        assertThat(lostCheck.detail()).startsWith("shard 1/3 (33.5 % of the arrivals, 67 requests) started 67 requests"
                + " whose records never came back (no simulation.log: it ended before they were collected; its"
                + " injector seconds end at 0:40)");

        // a shard that left no records at all is named too (the others' i/n say there were three)
        Path silent = sharded("silent", -1, 0, -1, 0);
        deleteTree(ShardRecords.dir(silent, 0));
        Files.createDirectories(ShardRecords.dir(silent, 0));
        Verdict none = Analyzer.analyze(silent, PLAN, null).verdict();
        assertThat(none.verdict()).isEqualTo(Outcome.INVALID);
        assertThat(find(none, ShardsCheck.NAME).detail()).startsWith("shard 0/3 (33.5 % of the arrivals, 67"
                + " requests) recorded no load: it never started");
    }

    private static Check find(Verdict verdict, String name) {
        return verdict.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
