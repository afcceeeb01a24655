package dev.saleday.reports.bench;

import dev.saleday.plan.Count;
import dev.saleday.plan.Guards;
import dev.saleday.plan.Phase;
import dev.saleday.plan.Plan;
import dev.saleday.plan.ReportSettings;
import dev.saleday.plan.Slo;
import dev.saleday.plan.Target;
import dev.saleday.plan.Traffic;
import dev.saleday.records.GatlingLogReader;
import dev.saleday.records.GatlingLogWriter;
import dev.saleday.records.InjectorFile;
import dev.saleday.records.InjectorSecond;
import dev.saleday.records.JsonLinesWriter;
import dev.saleday.records.RunFile;
import dev.saleday.records.RunInfo;
import dev.saleday.records.RunRecords;
import dev.saleday.records.ShardRecords;
import dev.saleday.reports.analysis.Analysis;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.checks.Checks;
import dev.saleday.reports.checks.Judge;
import dev.saleday.reports.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;

/**
 * The analysis benchmark (docs/perf/reports.md). One mode per JVM, so each mode's peak memory is its own:
 * <pre>
 * generate RUN_DIR REQUESTS   write RUN_DIR/gatling/bench-1/simulation.log: REQUESTS requests at 5000 req/s, one
 *                             user start and end each (as an open model writes them), latency log-normal (median
 *                             20 ms), 1 % failures of three kinds
 * bare RUN_DIR                stream the log into one HdrHistogram (the practical ceiling)
 * analyze RUN_DIR             the whole analysis and verdict: per second, per phase, checks
 * gatling RUN_DIR             Gatling's own report step (--reports-only); needs Gatling on the class path
 * alternate RUN_DIR ROUNDS    bare and analyze in turn, ROUNDS times each, in one JVM: the ratio of their best
 *                             times is robust to a machine shared with other work
 * shards RUN_DIR N REQUESTS   write N injector shards (shards/&lt;i&gt;/gatling/bench-1/simulation.log and
 *                             injector.jsonl), REQUESTS each, as N injectors of one 5000 req/s load split them
 *                             (request j is shard j mod N's)
 * merge RUN_DIR               the whole analysis and verdict of a sharded run: every shard's log streamed into the
 *                             same histograms, each shard judged on its own
 * </pre>
 * Each mode prints its wall time, requests per second and the process's peak resident memory (VmHWM).
 */
public final class ReportBench {

    static final double RATE_RPS = 5000;
    static final String LOG_FOLDER = "bench-1";
    static final String[] FAILURES = {"status.find.is(200), found 503",
        "Request timeout to 127.0.0.1/127.0.0.1:8080 after 2000 ms",
        "j.n.ConnectException: Connection refused"};

    private ReportBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ReportBench generate RUN_DIR REQUESTS | bare RUN_DIR | analyze RUN_DIR"
                    + " | gatling RUN_DIR");
            System.exit(2);
        }
        Path runDir = Path.of(args[1]);
        long startNanos = System.nanoTime();
        long requests;
        switch (args[0]) {
            case "generate" -> requests = generate(runDir, Long.parseLong(args[2]));
            case "bare" -> requests = bare(runDir);
            case "analyze" -> requests = analyze(runDir);
            case "gatling" -> requests = gatlingReports(runDir);
            case "alternate" -> requests = alternate(runDir, Integer.parseInt(args[2]));
            case "shards" -> requests = shards(runDir, Integer.parseInt(args[2]), Long.parseLong(args[3]));
            case "merge" -> requests = merge(runDir);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf(Locale.ROOT, "%s: %d requests in %.2f s = %.0f req/s, peak RSS %s%n", args[0], requests,
                seconds, requests / seconds, peakResident());
    }

    static long generate(Path runDir, long requests) throws IOException {
        Path dir = runDir.resolve("gatling").resolve(LOG_FOLDER);
        Files.createDirectories(dir);
        long runStartMs = 1_764_338_400_000L;
        Random random = new Random(42);
        try (GatlingLogWriter log = GatlingLogWriter.create(dir.resolve("simulation.log"), "bench.SaleDay",
                runStartMs, List.of("load"))) {
            for (long i = 0; i < requests; i++) {
                long startMs = runStartMs + 100 + (long) (i * 1000 / RATE_RPS);
                long latencyMs = Math.min(60_000, Math.round(Math.exp(Math.log(20) + 0.8 * random.nextGaussian())));
                boolean ok = random.nextDouble() >= 0.01;
                log.user(0, true, startMs);
                log.request("predict", startMs, startMs + latencyMs, ok, ok ? "" : FAILURES[random.nextInt(3)]);
                log.user(0, false, startMs + latencyMs);
            }
        }
        return requests;
    }

    static long shards(Path runDir, int shardCount, long requestsPerShard) throws IOException {
        long runStartMs = 1_764_338_400_000L;
        long total = shardCount * requestsPerShard;
        Random random = new Random(42);
        GatlingLogWriter[] logs = new GatlingLogWriter[shardCount];
        long seconds = (long) Math.ceil(total / RATE_RPS);
        long[][] sent = new long[shardCount][(int) seconds + 1];
        for (int i = 0; i < shardCount; i++) {
            Path dir = ShardRecords.dir(runDir, i).resolve("gatling").resolve(LOG_FOLDER);
            Files.createDirectories(dir);
            logs[i] = GatlingLogWriter.create(dir.resolve("simulation.log"), "bench.SaleDay", runStartMs,
                    List.of("load"));
        }
        for (long j = 0; j < total; j++) {
            int shard = (int) (j % shardCount);
            long offsetMs = 100 + (long) (j * 1000 / RATE_RPS);
            long startMs = runStartMs + offsetMs;
            // the same draws as generate's, so that the merged numbers can be compared with one log's
            long latencyMs = Math.min(60_000, Math.round(Math.exp(Math.log(20) + 0.8 * random.nextGaussian())));
            boolean ok = random.nextDouble() >= 0.01;
            logs[shard].user(0, true, startMs);
            logs[shard].request("predict", startMs, startMs + latencyMs, ok, ok ? "" : FAILURES[random.nextInt(3)]);
            logs[shard].user(0, false, startMs + latencyMs);
            sent[shard][(int) (offsetMs / 1000)]++;
        }
        for (int i = 0; i < shardCount; i++) {
            logs[i].close();
            try (JsonLinesWriter out = InjectorFile.create(ShardRecords.dir(runDir, i),
                    new InjectorFile.Header(i + "/" + shardCount, runStartMs))) {
                for (int s = 0; s < seconds; s++) {
                    out.write(new InjectorSecond(runStartMs + s * 1000L, "baseline", sent[i][s], sent[i][s], 0.5, 2L));
                }
            }
        }
        RunFile.write(runDir, RunInfo.started("bench", runStartMs, "local", "shop", "recommendation", "bench",
                "bench", false).withLoadStart(runStartMs).withEnd(runStartMs + seconds * 1000, false, null));
        return total;
    }

    static long merge(Path runDir) {
        RunRecords records = RunRecords.load(runDir);
        long seconds = records.shards().stream().mapToLong(shard -> shard.injector().size()).max().orElse(0);
        Plan base = plan(records.loadStartMs());
        // the usual three phases, shortened to the sharded load's length, so that every shard ran to the end
        long baseline = seconds / 4;
        long peak = seconds / 3;
        Plan plan = new Plan(base.name(), base.target(), new Traffic(1, base.traffic().users(), List.of(), 1,
                Duration.ofSeconds(2), List.of(new Phase("baseline", Duration.ofSeconds(baseline), RATE_RPS, RATE_RPS),
                        new Phase("peak", Duration.ofSeconds(peak), RATE_RPS, RATE_RPS),
                        new Phase("post-sale", Duration.ofSeconds(seconds - baseline - peak), RATE_RPS, RATE_RPS))),
                List.of(), base.guards(), base.slo(), base.report());
        RunAnalysis analysis = Analysis.analyze(records, plan);
        Verdict verdict = Judge.judge(analysis, Checks.evaluate(analysis, plan, null));
        System.out.printf(Locale.ROOT, "merge: %d shards, %s, p50 %.0f ms, p99 %.0f ms, p99.9 %.0f ms, %s%n",
                analysis.shards().size(), verdict.verdict(), analysis.overall().all().valueAtPercentileMs(50),
                analysis.overall().all().valueAtPercentileMs(99), analysis.overall().all().valueAtPercentileMs(99.9),
                verdict.checks().stream().filter(c -> c.name().equals("validity.shards")).findFirst()
                        .map(c -> c.passed() ? "every shard valid" : c.detail()).orElse("no shard check"));
        return analysis.overall().arrivals();
    }

    static long alternate(Path runDir, int rounds) {
        double bestBare = Double.MAX_VALUE;
        double bestAnalyze = Double.MAX_VALUE;
        long requests = 0;
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            requests = bare(runDir);
            long t1 = System.nanoTime();
            analyze(runDir);
            long t2 = System.nanoTime();
            bestBare = Math.min(bestBare, (t1 - t0) / 1e9);
            bestAnalyze = Math.min(bestAnalyze, (t2 - t1) / 1e9);
            System.out.printf(Locale.ROOT, "round %d: bare %.2f s, analyze %.2f s%n", round, (t1 - t0) / 1e9,
                    (t2 - t1) / 1e9);
        }
        System.out.printf(Locale.ROOT, "best: bare %.2f s (%.0f req/s), analyze %.2f s (%.0f req/s), ratio %.2f%n",
                bestBare, requests / bestBare, bestAnalyze, requests / bestAnalyze, bestAnalyze / bestBare);
        return requests * rounds * 2;
    }

    static long bare(Path runDir) {
        Histogram histogram = new Histogram(1, 3_600_000, 3);
        GatlingLogReader.read(log(runDir), (name, start, end, ok, message) -> histogram.recordValue(end - start));
        System.out.printf(Locale.ROOT, "bare: p99 %d ms%n", histogram.getValueAtPercentile(99));
        return histogram.getTotalCount();
    }

    static long analyze(Path runDir) {
        Plan plan = plan(GatlingLogReader.readHeader(log(runDir)).runStartMs());
        RunAnalysis analysis = Analysis.analyze(RunRecords.load(runDir), plan);
        Verdict verdict = Judge.judge(analysis, Checks.evaluate(analysis, plan, null));
        System.out.printf(Locale.ROOT, "analyze: %s, p50 %.0f ms, p99 %.0f ms, p99.9 %.0f ms, %d seconds, %d failure"
                + " windows%n", verdict.verdict(), analysis.overall().all().valueAtPercentileMs(50),
                analysis.overall().all().valueAtPercentileMs(99), analysis.overall().all().valueAtPercentileMs(99.9),
                analysis.seconds().size(),
                analysis.failureWindows().size());
        return analysis.overall().arrivals();
    }

    /** Calls Gatling's report generation by reflection: Gatling is a test dependency of this module only. */
    static long gatlingReports(Path runDir) throws Exception {
        Object gatling = Class.forName("io.gatling.app.Gatling$").getField("MODULE$").get(null);
        int status = (int) gatling.getClass().getMethod("fromArgs", String[].class).invoke(gatling,
                (Object) new String[] {"--reports-only", LOG_FOLDER, "--results-folder",
                    runDir.resolve("gatling").toAbsolutePath().toString()});
        if (status != 0) {
            throw new IllegalStateException("Gatling's report step exited with " + status);
        }
        long[] count = {0};
        GatlingLogReader.read(log(runDir), (name, start, end, ok, message) -> count[0]++);
        return count[0];
    }

    private static Path log(Path runDir) {
        return runDir.resolve("gatling").resolve(LOG_FOLDER).resolve("simulation.log");
    }

    /** A plan whose three phases cover the generated load, with the usual promises. */
    static Plan plan(long runStartMs) {
        List<Phase> phases = List.of(new Phase("baseline", Duration.ofSeconds(600), RATE_RPS, RATE_RPS),
                new Phase("peak", Duration.ofSeconds(800), RATE_RPS, RATE_RPS),
                new Phase("post-sale", Duration.ofSeconds(1000), RATE_RPS, RATE_RPS));
        Slo slo = new Slo(List.of(new Slo.Latency("peak", Map.of(Slo.Percentile.P99, Duration.ofMillis(400))),
                new Slo.Latency(null, Map.of(Slo.Percentile.P95, Duration.ofMillis(100)))),
                List.of(new Slo.Errors(null, 0.02)), List.of(), null, null, List.of(), 0.0);
        return new Plan("bench", new Target(Target.ClusterKind.LOCAL, "shop", "recommendation", "model",
                "recommendation-service", null, null, null, null),
                new Traffic(1, new Traffic.Users(Traffic.Users.Distribution.UNIFORM, 1, 1), List.of(), 1,
                        Duration.ofSeconds(2), phases), List.of(),
                new Guards(List.of("shop"), List.of(), Count.percent(50), false, null), slo,
                new ReportSettings(null, Map.of()));
    }

    private static String peakResident() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                    .map(l -> l.replaceAll("\\s+", " ").substring(7)).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
