package dev.saleday.reports.analysis;

import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanSchedule;
import dev.saleday.records.AnswerCount;
import dev.saleday.records.GatlingLogReader;
import dev.saleday.records.GatlingLogSummary;
import dev.saleday.records.InjectorSecond;
import dev.saleday.records.ProbeFile;
import dev.saleday.records.RunInfo;
import dev.saleday.records.RunRecords;
import dev.saleday.reports.observed.Observed;
import dev.saleday.reports.verdict.RunMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * From a run's records to the numbers: a pure function of the files and the plan. simulation.log and probe.jsonl
 * are streamed into histograms; nothing is kept per request.
 */
public final class Analysis {

    private Analysis() {
    }

    /** @throws dev.saleday.records.RecordException on unreadable records */
    public static RunAnalysis analyze(RunRecords records, Plan plan) {
        return analyze(records, plan, PlanSchedule.of(plan));
    }

    /**
     * @param schedule the plan's clock, built once for the whole analysis
     * @throws dev.saleday.records.RecordException on unreadable records
     */
    public static RunAnalysis analyze(RunRecords records, Plan plan, PlanSchedule schedule) {
        PhaseClock clock = new PhaseClock(records.loadStartMs(), schedule);
        ScopeAccumulator[] phases = new ScopeAccumulator[clock.count()];
        for (int i = 0; i < phases.length; i++) {
            phases[i] = new ScopeAccumulator();
        }
        SecondSeries loadSeconds = new SecondSeries();
        List<HostStarvation.Starved> starved = plan.slo().hostHeadroom() == null ? List.of()
                : HostStarvation.stretches(records.host(), records.hostCores(), plan.slo().hostHeadroom());
        LoadAccumulator load = new LoadAccumulator(clock, phases, loadSeconds, StarvedTime.of(starved));
        List<String> incomplete = new ArrayList<>(records.incompleteReasons());
        for (Path log : records.simulationLogs()) {
            GatlingLogSummary summary = GatlingLogReader.read(log, load);
            if (!summary.complete()) {
                incomplete.add(records.runDir().relativize(log) + " ends inside a record: read its first "
                        + summary.requests() + " requests (a crashed run?)");
            }
        }
        ProbeAccumulator probe = new ProbeAccumulator(clock, phases, load.outside());
        if (records.probeLog() != null && !ProbeFile.read(records.probeLog(), probe).complete()) {
            incomplete.add(ProbeFile.FILE_NAME + " ends in a cut-short line: read up to it");
        }

        List<SecondStats> seconds = new ArrayList<>();
        Map<Long, long[]> probeKindsBySecond = new HashMap<>();
        int secondCount = Math.max(loadSeconds.seconds(), probe.seconds());
        for (int s = 0; s < secondCount; s++) {
            long startMs = clock.loadStartMs() + s * 1000L;
            seconds.add(new SecondStats(s, startMs, clock.nameAt(startMs), loadSeconds.sent(s), loadSeconds.ok(s),
                    loadSeconds.failures(s), percentiles(loadSeconds.all(s)), percentiles(loadSeconds.successful(s)),
                    probe.sent(s), probe.failed(s), probe.p99Ms(s)));
            if (probe.failed(s) > 0) {
                probeKindsBySecond.put(startMs, probe.failuresByKind(s));
            }
        }

        Map<String, Long> intendedByPhase = IntendedArrivals.byPhase(records.injector(), schedule, clock.loadStartMs());
        List<ScopeStats> phaseStats = new ArrayList<>();
        ScopeAccumulator overall = new ScopeAccumulator();
        overall.add(load.outside());
        ScopeAccumulator clearOverall = load.clearOfStarved(-1) == null ? null : new ScopeAccumulator();
        if (clearOverall != null) {
            clearOverall.add(load.clearOfStarved(-1));
        }
        long intendedTotal = 0;
        for (int i = 0; i < phases.length; i++) {
            String name = clock.phase(i).name();
            long intended = intendedByPhase.getOrDefault(name, 0L);
            intendedTotal += intended;
            phaseStats.add(phases[i].toStats(name, clock.startMs(i), clock.endMs(i), intended,
                    load.clearOfStarved(i)));
            overall.add(phases[i]);
            if (clearOverall != null) {
                clearOverall.add(load.clearOfStarved(i));
            }
        }
        long endMs = Math.max(clock.loadEndMs(), load.lastEndMs());
        ScopeStats overallStats = overall.toStats("overall", clock.loadStartMs(), endMs, intendedTotal,
                clearOverall);

        List<FaultEvents> faults = ClusterHistory.faults(records.timeline());
        return new RunAnalysis(metadata(records), incomplete.isEmpty(), incomplete, overallStats, phaseStats,
                seconds, ClusterHistory.replicas(records.timeline(), plan.target() == null ? null
                        : plan.target().deployment()),
                versionMix(records.answers(), probe, clock.loadStartMs()), pods(records.answers(), probe), faults,
                FailureWindows.find(seconds, faults, probeKindsBySecond), records.timeline(), records.answers(),
                records.host(), records.injector(),
                plan.slo().hostHeadroom() == null ? List.of()
                        : HostStarvation.beyondTolerance(starved, plan.slo().hostHeadroom()), starved,
                cutShort(records, incomplete) ? recordedEndMs(load, records.injector(), clock) : null,
                ShardStats.of(records.shards(), schedule),
                Observed.of(records.runDir(), plan, records.timeline(), clock.loadStartMs(), endMs));
    }

    /**
     * @return whether the records stop before the run's end: interrupted, crashed (run.json without an end) or a file
     *         cut short. A run directory without run.json (a plain Gatling run analysed) is incomplete in its
     *         metadata only, and its records are judged whole
     */
    private static boolean cutShort(RunRecords records, List<String> incomplete) {
        boolean runJson = records.run() != RunInfo.UNKNOWN;
        return runJson && (records.run().endedAtMs() == null || records.run().interrupted())
                || incomplete.stream().anyMatch(r -> r.contains("cut-short") || r.contains("ends inside a record"));
    }

    /**
     * Where an incomplete run's load records end: the earlier of simulation.log's last request start and the end of
     * injector.jsonl's last second (each is flushed on its own, so the later one's tail has no counterpart), within
     * the load.
     */
    private static long recordedEndMs(LoadAccumulator load, List<InjectorSecond> injector, PhaseClock clock) {
        long end = load.lastStartMs() == Long.MIN_VALUE ? clock.loadStartMs() : load.lastStartMs() + 1;
        if (!injector.isEmpty()) {
            end = Math.min(end, injector.get(injector.size() - 1).tMs() + 1000);
        }
        return Math.max(clock.loadStartMs(), Math.min(end, clock.loadEndMs()));
    }

    private static List<VersionMix> versionMix(List<AnswerCount> answers, ProbeAccumulator probe,
                                               long loadStartMs) {
        TreeMap<Long, Map<String, Long>> bySecond = new TreeMap<>();
        for (AnswerCount answer : answers) {
            long secondStart = loadStartMs + Math.floorDiv(answer.tMs() - loadStartMs, 1000L) * 1000L;
            if (answer.ok() > 0) {
                bySecond.computeIfAbsent(secondStart, k -> new HashMap<>())
                        .merge(answer.version() == null ? "unknown" : answer.version(), answer.ok(), Long::sum);
            }
        }
        if (answers.isEmpty()) {
            bySecond.putAll(probe.okByVersionBySecondStartMs);
        }
        List<VersionMix> mix = new ArrayList<>();
        bySecond.forEach((startMs, versions) -> mix.add(new VersionMix(startMs, versions)));
        return mix;
    }

    private static List<PodTraffic> pods(List<AnswerCount> answers, ProbeAccumulator probe) {
        Map<String, long[]> pods = new HashMap<>();
        Map<String, String> versions = new HashMap<>(probe.podVersions);
        for (AnswerCount answer : answers) {
            if (answer.pod() == null) {
                continue;
            }
            long[] pod = pods.computeIfAbsent(answer.pod(), k -> new long[] {0, 0, Long.MAX_VALUE, Long.MIN_VALUE});
            pod[0] += answer.ok();
            pod[1] += answer.failed();
            pod[2] = Math.min(pod[2], answer.tMs());
            pod[3] = Math.max(pod[3], answer.tMs());
            if (answer.version() != null) {
                versions.put(answer.pod(), answer.version());
            }
        }
        if (answers.isEmpty()) {
            pods.putAll(probe.pods);
        }
        List<PodTraffic> traffic = new ArrayList<>();
        pods.forEach((name, p) -> traffic.add(new PodTraffic(name, versions.get(name), p[0], p[1], p[2], p[3])));
        traffic.sort(Comparator.comparingLong(PodTraffic::firstMs).thenComparing(PodTraffic::pod));
        return traffic;
    }

    private static dev.saleday.reports.verdict.Percentiles percentiles(org.HdrHistogram.AbstractHistogram h) {
        return h == null ? null : LatencyDistribution.percentilesOf(h);
    }

    static RunMetadata metadata(RunRecords records) {
        return new RunMetadata(records.run().withLoadStart(records.loadStartMs()),
                records.gatlingHeader().gatlingVersion(), records.gatlingHeader().simulationClass());
    }
}
