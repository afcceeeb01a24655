package dev.saleday.reports.render;

import dev.saleday.records.RunInfo;
import dev.saleday.records.AnswerCount;
import dev.saleday.records.TimelineEvent;
import dev.saleday.reports.analysis.FailureCounts;
import dev.saleday.reports.analysis.FailureKind;
import dev.saleday.reports.analysis.FailureWindow;
import dev.saleday.reports.analysis.FaultEvents;
import dev.saleday.reports.analysis.LatencyDistribution;
import dev.saleday.reports.analysis.PodTraffic;
import dev.saleday.reports.analysis.ReplicaSample;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.analysis.ScopeStats;
import dev.saleday.reports.analysis.SecondStats;
import dev.saleday.reports.analysis.VersionMix;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.CheckKind;
import dev.saleday.reports.verdict.Comparison;
import dev.saleday.reports.verdict.MetricSummary;
import dev.saleday.reports.verdict.Outcome;
import dev.saleday.reports.verdict.RunMetadata;
import dev.saleday.reports.verdict.Verdict;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;

/**
 * A sale day made of numbers, for the renderers' tests: four phases (baseline 60 s, pre-sale ramp 30 s, peak 120 s,
 * post-sale 60 s), a pod kill at peak+20s that fails requests for 6 s, a rollout v1.0 -> v1.1 at peak+60s, the HPA
 * scaling 2 -> 8 -> 4. Seeded, so every test sees the same run.
 */
final class SampleRun {

    static final long STARTED_AT_MS = 1_764_338_400_000L;
    static final long LOAD_START_MS = STARTED_AT_MS + 12_000;
    static final String PLAN = "big-billion-day";

    private SampleRun() {
    }

    private static final Map<String, RunAnalysis> MADE = new java.util.concurrent.ConcurrentHashMap<>();

    /** The run's analysis (made once per plan name); {@code planName} lets a test put hostile text in it. */
    static RunAnalysis analysis(String planName) {
        return MADE.computeIfAbsent(planName, SampleRun::make);
    }

    private static RunAnalysis make(String planName) {
        Random random = new Random(42);
        String[] phaseNames = {"baseline", "pre-sale", "peak", "post-sale"};
        int[] phaseLengthsSec = {60, 30, 120, 60};
        int totalSec = 270;
        long killAtMs = LOAD_START_MS + 110_000;
        long rolloutAtMs = LOAD_START_MS + 150_000;

        List<SecondStats> seconds = new ArrayList<>();
        List<VersionMix> mix = new ArrayList<>();
        List<AnswerCount> answers = new ArrayList<>();
        Histogram overallAll = LatencyDistribution.newHistogram();
        Histogram overallOk = LatencyDistribution.newHistogram();
        Map<String, Histogram[]> phaseHistograms = new LinkedHashMap<>();
        Map<String, long[]> phaseCounts = new LinkedHashMap<>(); // arrivals, ok, failed
        for (String phase : phaseNames) {
            phaseHistograms.put(phase, new Histogram[] {LatencyDistribution.newHistogram(),
                    LatencyDistribution.newHistogram()});
            phaseCounts.put(phase, new long[3]);
        }
        long failedTotal = 0;
        long arrivalsTotal = 0;
        for (int s = 0; s < totalSec; s++) {
            String phase = phaseOf(s, phaseNames, phaseLengthsSec);
            int rate = rateAt(s);
            long startMs = LOAD_START_MS + s * 1000L;
            boolean killWindow = startMs >= killAtMs && startMs < killAtMs + 6_000;
            Histogram all = new Histogram(1, LatencyDistribution.HIGHEST_TRACKABLE_MS, 2);
            Histogram ok = new Histogram(1, LatencyDistribution.HIGHEST_TRACKABLE_MS, 2);
            long failed = 0;
            long[] byKind = new long[FailureKind.values().length];
            double load = rate / 100.0; // slower under load
            for (int i = 0; i < rate; i++) {
                long latency = Math.max(1, Math.round(Math.exp(random.nextGaussian() * 0.45 + Math.log(18 + 25 * load))));
                boolean fails = killWindow && random.nextDouble() < 0.12;
                if (s >= 95 && s < 105) {
                    latency += random.nextInt(250); // the scale-up lag
                }
                all.recordValue(latency);
                overallAll.recordValue(latency);
                phaseHistograms.get(phase)[0].recordValue(latency);
                if (fails) {
                    failed++;
                    byKind[(random.nextBoolean() ? FailureKind.RESET : FailureKind.CONNECT_ERROR).ordinal()]++;
                } else {
                    ok.recordValue(latency);
                    overallOk.recordValue(latency);
                    phaseHistograms.get(phase)[1].recordValue(latency);
                }
            }
            long[] counts = phaseCounts.get(phase);
            counts[0] += rate;
            counts[1] += rate - failed;
            counts[2] += failed;
            arrivalsTotal += rate;
            failedTotal += failed;
            long probeFailed = killWindow && s % 2 == 0 ? 1 : 0;
            seconds.add(new SecondStats(s, startMs, phase, rate, rate - failed, FailureCounts.of(byKind),
                    LatencyDistribution.percentilesOf(all), LatencyDistribution.percentilesOf(ok), 20, probeFailed,
                    all.getValueAtPercentile(99) * 0.8));
            long newVersionShare = startMs < rolloutAtMs ? 0 : Math.min(100, (startMs - rolloutAtMs) / 250);
            long v11 = (rate - failed) * newVersionShare / 100;
            Map<String, Long> versions = new LinkedHashMap<>();
            versions.put("v1.0", rate - failed - v11);
            if (v11 > 0) {
                versions.put("v1.1", v11);
            }
            mix.add(new VersionMix(startMs, versions));
            // two pods share the answers evenly (a third, the replacement, from the kill on)
            long answered = rate - failed;
            boolean third = startMs >= killAtMs;
            long share = answered / (third ? 3 : 2);
            answers.add(new AnswerCount(startMs, "v1.0", "recommendation-7d9f-abcde", share, 0));
            answers.add(new AnswerCount(startMs, "v1.0", "recommendation-7d9f-fghij", third ? share : answered - share, 0));
            if (third) {
                answers.add(new AnswerCount(startMs, "v1.0", "recommendation-7d9f-klmno", answered - 2 * share, 0));
            }
        }

        List<ScopeStats> phases = new ArrayList<>();
        long phaseStart = LOAD_START_MS;
        for (int i = 0; i < phaseNames.length; i++) {
            String name = phaseNames[i];
            long[] c = phaseCounts.get(name);
            Histogram[] h = phaseHistograms.get(name);
            long end = phaseStart + phaseLengthsSec[i] * 1000L;
            phases.add(new ScopeStats(name, phaseStart, end, c[0], c[0], c[1],
                    failures(c[2]), LatencyDistribution.copyOf(h[0]), LatencyDistribution.copyOf(h[1]),
                    phaseLengthsSec[i] * 20L, name.equals("peak") ? 3 : 0));
            phaseStart = end;
        }
        ScopeStats overall = new ScopeStats(MetricSummary.OVERALL, LOAD_START_MS, LOAD_START_MS + totalSec * 1000L,
                arrivalsTotal, arrivalsTotal, arrivalsTotal - failedTotal, failures(failedTotal),
                LatencyDistribution.copyOf(overallAll), LatencyDistribution.copyOf(overallOk), totalSec * 20L, 3);

        List<ReplicaSample> replicas = List.of(
                new ReplicaSample(STARTED_AT_MS + 2_000, 2, 2, 2, 2, 2),
                new ReplicaSample(LOAD_START_MS + 75_000, 5, 2, 2, 2, 2),
                new ReplicaSample(LOAD_START_MS + 78_000, 5, 5, 2, 5, 2),
                new ReplicaSample(LOAD_START_MS + 86_000, 8, 8, 5, 8, 5),
                new ReplicaSample(LOAD_START_MS + 97_000, 8, 8, 8, 8, 8),
                new ReplicaSample(killAtMs, 8, 8, 6, 8, 6),
                new ReplicaSample(killAtMs + 9_000, 8, 8, 8, 8, 8),
                new ReplicaSample(LOAD_START_MS + 230_000, 4, 4, 4, 4, 4));

        List<FaultEvents> faults = List.of(
                new FaultEvents("kill-30pc", "pod-kill", killAtMs - 40, killAtMs, null, "applied",
                        List.of("Pod/recommendation-7d9f-abcde", "Pod/recommendation-7d9f-fghij"), "killed 2 pods"),
                new FaultEvents("release-v1.1", "rollout", rolloutAtMs - 30, rolloutAtMs, null, "applied",
                        List.of("Deployment/recommendation"), "image saleday/recommendation:v1.1"));
        FailureWindow window = new FailureWindow(killAtMs, killAtMs + 6_000, failedTotal, 3, failures(failedTotal + 3),
                "kill-30pc");
        List<TimelineEvent> timeline = new ArrayList<>();
        long t = LOAD_START_MS;
        for (int i = 0; i < phaseNames.length; i++) {
            timeline.add(new TimelineEvent(t, "phase", Map.of("name", phaseNames[i], "event", "start")));
            t += phaseLengthsSec[i] * 1000L;
        }
        timeline.add(new TimelineEvent(killAtMs - 40, "chaos", Map.of("fault", "kill-30pc", "action", "pod-kill",
                "event", "start")));
        timeline.add(new TimelineEvent(killAtMs, "chaos", Map.of("fault", "kill-30pc", "action", "pod-kill",
                "event", "applied", "message", "killed 2 pods")));
        timeline.add(new TimelineEvent(killAtMs + 300, "pod", Map.of("event", "deleted",
                "pod", "recommendation-7d9f-abcde")));
        timeline.add(new TimelineEvent(killAtMs + 2_100, "pod", Map.of("event", "ready",
                "pod", "recommendation-7d9f-zz9x1")));
        timeline.add(new TimelineEvent(killAtMs + 8_500, "deployment", Map.of("name", "recommendation",
                "replicas", 8, "ready", 8)));
        timeline.add(new TimelineEvent(rolloutAtMs, "chaos", Map.of("fault", "release-v1.1", "action", "rollout",
                "event", "applied")));
        timeline.sort(java.util.Comparator.comparingLong(TimelineEvent::tMs));

        RunMetadata run = metadata(planName);
        return new RunAnalysis(run, true, List.of(), overall, phases, seconds, replicas, mix,
                List.of(new PodTraffic("recommendation-7d9f-abcde", "v1.0", 9000, 40, LOAD_START_MS, killAtMs)),
                faults, List.of(window), timeline, answers);
    }

    static RunMetadata metadata(String planName) {
        return new RunMetadata(new RunInfo(planName, STARTED_AT_MS, "local", "shop", "recommendation",
                "saleday-local", "http://127.0.0.1:41234", "0.1.0-SNAPSHOT", "abc1234", false, false, LOAD_START_MS,
                LOAD_START_MS + 272_000, null), "3.15.1", "dev.saleday.simulations.SaleDay");
    }

    /** A FAIL verdict: four checks pass, two fail (peak p99 and the pod kill's failed-request budget). */
    static Verdict failingVerdict(RunAnalysis analysis) {
        long killAtMs = analysis.faults().get(0).appliedAtMs();
        double peakP99 = analysis.phase("peak").orElseThrow().all().percentiles().p99Ms();
        long killFailed = analysis.windowsOf("kill-30pc").get(0).failed();
        List<Check> checks = List.of(
                Check.of("validity.achievedRate", CheckKind.VALIDITY, 0.998, 0.95, "fraction", Comparison.AT_LEAST,
                        "The injector started 99.8 % of the intended arrivals.", null),
                Check.of("latency.baseline.p99", CheckKind.LATENCY, analysis.phase("baseline").orElseThrow().all()
                        .percentiles().p99Ms(), 200, "ms", Comparison.AT_MOST, "p99 of all requests in baseline.", null),
                Check.of("latency.peak.p99", CheckKind.LATENCY, peakP99, 50, "ms", Comparison.AT_MOST,
                        "p99 of all requests in peak.", LOAD_START_MS + 96_000),
                Check.of("errors.rate", CheckKind.ERROR_RATE, analysis.overall().errorRate(), 0.005, "fraction",
                        Comparison.AT_MOST, "Failed load requests over all arrivals.", null),
                Check.of("zeroDowntime.kill-30pc.failed", CheckKind.ZERO_DOWNTIME, killFailed, 50, "requests",
                        Comparison.AT_MOST, "Failed requests in the windows attributed to kill-30pc.", killAtMs),
                Check.of("scaleUp.pre-sale.desired", CheckKind.SCALE_UP, 26, 90, "s", Comparison.AT_MOST,
                        "From pre-sale start to HPA desired >= 8.", LOAD_START_MS + 86_000));
        return verdict(analysis, checks);
    }

    /** A PASS verdict over the same analysis. */
    static Verdict passingVerdict(RunAnalysis analysis) {
        List<Check> checks = List.of(
                Check.of("validity.achievedRate", CheckKind.VALIDITY, 0.998, 0.95, "fraction", Comparison.AT_LEAST,
                        "", null),
                Check.of("errors.rate", CheckKind.ERROR_RATE, analysis.overall().errorRate(), 0.05, "fraction",
                        Comparison.AT_MOST, "", null));
        return verdict(analysis, checks);
    }

    static Verdict verdict(RunAnalysis analysis, List<Check> checks) {
        List<String> reasons = checks.stream().filter(c -> !c.passed())
                .map(c -> c.name() + ": " + Formats.comparison(c) + " does not hold").toList();
        Outcome outcome = reasons.isEmpty() ? Outcome.PASS : Outcome.FAIL;
        List<MetricSummary> summary = new ArrayList<>();
        summary.add(summaryOf(analysis.overall()));
        analysis.phases().forEach(p -> summary.add(summaryOf(p)));
        return new Verdict(outcome, analysis.complete(), checks, analysis.run(), reasons, summary);
    }

    private static MetricSummary summaryOf(ScopeStats scope) {
        return new MetricSummary(scope.name(), scope.arrivals(), scope.failed(), scope.errorRate(),
                scope.all().percentiles(), scope.successfulOnly().percentiles());
    }

    private static FailureCounts failures(long total) {
        EnumMap<FailureKind, Long> map = new EnumMap<>(FailureKind.class);
        map.put(FailureKind.RESET, total / 2);
        map.put(FailureKind.CONNECT_ERROR, total - total / 2);
        return new FailureCounts(map);
    }

    private static String phaseOf(int second, String[] names, int[] lengthsSec) {
        int end = 0;
        for (int i = 0; i < names.length; i++) {
            end += lengthsSec[i];
            if (second < end) {
                return names[i];
            }
        }
        return names[names.length - 1];
    }

    /** Arrivals per second: 40 baseline, ramp to 400, 400 peak, ramp down to 60. */
    private static int rateAt(int second) {
        if (second < 60) {
            return 40;
        }
        if (second < 90) {
            return 40 + (second - 60) * 12;
        }
        if (second < 210) {
            return 400;
        }
        return 400 - (second - 210) * 340 / 60;
    }
}
