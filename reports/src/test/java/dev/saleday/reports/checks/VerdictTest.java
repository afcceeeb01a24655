package dev.saleday.reports.checks;

import static dev.saleday.reports.testing.Plans.phase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanDefaults;
import dev.saleday.plan.ReportSettings;
import dev.saleday.plan.Slo;
import dev.saleday.reports.Analyzer;
import dev.saleday.reports.testing.Plans;
import dev.saleday.reports.testing.RunDir;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.CheckKind;
import dev.saleday.reports.verdict.Outcome;
import dev.saleday.reports.verdict.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerdictTest {

    @TempDir
    Path dir;

    private static Slo.Latency p99(String phase, long millis) {
        return new Slo.Latency(phase, Map.of(Slo.Percentile.P99, Duration.ofMillis(millis)));
    }

    @Test
    void aRunBelowNinetyFivePercentOfItsIntendedRateIsInvalidNotPass() {
        Plan plan = Plans.plan(List.of(phase("baseline", 10, 100)), List.of(),
                Plans.slo(List.of(p99(null, 500)), List.of(), List.of(), null, null, List.of()));
        try (RunDir run = new RunDir(dir.resolve("short"))) {
            run.steady(0, 10_000, 940, 10, true); // 94 % of 1000
        }
        Verdict invalid = Analyzer.analyze(dir.resolve("short"), plan, null).verdict();
        assertThat(invalid.verdict()).isEqualTo(Outcome.INVALID);
        assertThat(invalid.exitStatus()).isEqualTo(2);
        Check validity = invalid.checks().get(0);
        assertThat(validity.kind()).isEqualTo(CheckKind.VALIDITY);
        assertThat(validity.measured()).isEqualTo(0.94);
        assertThat(validity.threshold()).isEqualTo(0.95);
        assertThat(invalid.reasons()).anyMatch(r -> r.startsWith("invalid run: validity.achievedRate"));
        // every latency check passed: still not a PASS
        assertThat(invalid.checks().stream().filter(c -> c.kind() == CheckKind.LATENCY)).allMatch(Check::passed);

        try (RunDir run = new RunDir(dir.resolve("enough"))) {
            run.steady(0, 10_000, 950, 10, true);
        }
        Verdict pass = Analyzer.analyze(dir.resolve("enough"), plan, null).verdict();
        assertThat(pass.verdict()).isEqualTo(Outcome.PASS);
        assertThat(pass.exitStatus()).isZero();
        assertThat(pass.complete()).isTrue();
        assertThat(pass.reasons()).isEmpty();
    }

    @Test
    void theInjectorsOwnRecordJudgesValidityWhenPresent() {
        Plan plan = Plans.plan(List.of(phase("baseline", 2, 100)), List.of(), Plans.NO_SLO);
        try (RunDir run = new RunDir(dir)) {
            run.steady(0, 2_000, 150, 10, true);
            run.injector(0, "baseline", 100, 100).injector(1000, "baseline", 100, 50);
        }
        Check validity = Analyzer.analyze(dir, plan, null).verdict().checks().get(0);
        assertThat(validity.measured()).isEqualTo(0.75);
        assertThat(validity.passed()).isFalse();
    }

    @Test
    void anInjectorThatStalledAndThenBurstIsInvalidThoughItSentEverything() {
        Plan plan = Plans.plan(List.of(phase("baseline", 30, 100)), List.of(), Plans.NO_SLO);
        try (RunDir run = new RunDir(dir)) {
            run.steady(0, 10_000, 1000, 10, true);
            run.steady(20_000, 30_000, 2000, 10, true); // nothing for 10 s, then twice the rate
        }
        Verdict verdict = Analyzer.analyze(dir, plan, null).verdict();
        assertThat(find(verdict, "validity.achievedRate").passed()).isTrue();
        Check lag = find(verdict, "validity.injectionLag");
        assertThat(lag.kind()).isEqualTo(CheckKind.VALIDITY);
        assertThat(lag.measured()).isBetween(9.0, 10.0);
        assertThat(lag.threshold()).isEqualTo(2.0);
        assertThat(lag.passed()).isFalse();
        assertThat(verdict.verdict()).isEqualTo(Outcome.INVALID);
        assertThat(verdict.exitStatus()).isEqualTo(2);
    }

    @Test
    void zeroDowntimeCountsTheFaultsFailuresAndTimesItsRecovery() {
        Plan plan = Plans.plan(List.of(phase("peak", 40, 100)), List.of(Plans.podKill("kill-30pc", "peak", 10)),
                Plans.slo(List.of(p99("peak", 200)), List.of(new Slo.Errors(null, 0.05)),
                        List.of(new Slo.ZeroDowntime("kill-30pc", 20, Duration.ofSeconds(5))), null, null,
                        List.of()));
        try (RunDir run = new RunDir(dir)) {
            run.steady(0, 10_000, 1000, 20, true);
            run.chaos(10_000, "kill-30pc", "pod-kill", "applied");
            run.steady(10_000, 12_000, 150, 20, true).steady(10_000, 12_000, 50, 900, false); // 25 % failing
            run.steady(12_000, 15_000, 300, 900, true);   // answers again, but p99 900 ms > 200 ms
            run.steady(15_000, 40_000, 2500, 20, true);   // back within bounds at 15 s
        }
        Verdict verdict = Analyzer.analyze(dir, plan, null).verdict();
        Check failed = find(verdict, "zeroDowntime.kill-30pc.failed");
        assertThat(failed.measured()).isEqualTo(50);
        assertThat(failed.passed()).isFalse();
        assertThat(failed.atMs()).isEqualTo(RunDir.LOAD_START_MS + 10_000);
        Check recovery = find(verdict, "zeroDowntime.kill-30pc.recovery");
        assertThat(recovery.measured()).isEqualTo(5.0);
        assertThat(recovery.passed()).isTrue();
        assertThat(verdict.verdict()).isEqualTo(Outcome.FAIL);
        assertThat(verdict.exitStatus()).isEqualTo(1);
        assertThat(find(verdict, "errors.overall.rate").measured()).isEqualTo(50.0 / 4000);
    }

    @Test
    void scaleUpScaleDownAndRolloutAreTimedFromTheTimeline() {
        Plan plan = Plans.plan(List.of(phase("baseline", 10, 10), phase("peak", 30, 10), phase("post", 30, 10)),
                List.of(Plans.podKill("release", "peak", 5)),
                Plans.slo(List.of(p99(null, 100)), List.of(), List.of(),
                        new Slo.ScaleUp("peak", 8, Duration.ofSeconds(20), Duration.ofSeconds(10)),
                        new Slo.ScaleDown("post", 4, Duration.ofSeconds(10)),
                        List.of(new Slo.RolloutTime("release", Duration.ofSeconds(10)))));
        try (RunDir run = new RunDir(dir)) {
            run.steady(0, 10_000, 100, 10, true);
            run.steady(10_000, 16_000, 60, 300, true);   // p99 over 100 ms until 16 s
            run.steady(16_000, 70_000, 540, 10, true);
            run.hpa(0, 2).deployment(0, 2, 2, 2, 2, 1, 1);
            run.hpa(13_000, 8);                           // desired 3 s after peak
            run.deployment(14_000, 8, 8, 5, 5, 1, 1);
            run.chaos(15_000, "release", "rollout", "applied");
            run.deployment(15_100, 8, 2, 5, 5, 2, 1);
            run.deployment(22_000, 8, 8, 8, 8, 2, 2);    // ready 8 at 22 s; rollout complete 7 s after
            run.answers(16_000, "v1.0", "p-1", 8, 0).answers(17_000, "v1.1", "p-2", 3, 0);
            run.hpa(42_000, 3);
            run.deployment(48_000, 3, 3, 3, 3, 2, 2);    // post started at 40 s: 8 s to 3 replicas
        }
        Verdict verdict = Analyzer.analyze(dir, plan, null).verdict();
        assertThat(find(verdict, "scaleUp.desired").measured()).isEqualTo(3.0);
        assertThat(find(verdict, "scaleUp.ready").measured()).isEqualTo(12.0);
        assertThat(find(verdict, "scaleUp.p99").measured()).isEqualTo(6.0);
        assertThat(find(verdict, "scaleDown.desired").measured()).isEqualTo(2.0);
        assertThat(find(verdict, "scaleDown.replicas").measured()).isEqualTo(8.0);
        Check rollout = find(verdict, "rollout.release.duration");
        assertThat(rollout.measured()).isEqualTo(7.0);
        assertThat(rollout.detail()).contains("v1.0 8, v1.1 3");
        // the slow start of the peak breaks the overall p99 bound: the only failed check
        assertThat(verdict.failedChecks()).extracting(Check::name).containsExactly("latency.overall.p99");
        assertThat(verdict.verdict()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void aReleaseStuckPastItsProgressDeadlineFailsTheRolloutCheckWithThatReason() {
        Plan plan = Plans.plan(List.of(phase("baseline", 10, 10), phase("peak", 30, 10)),
                List.of(Plans.podKill("release", "peak", 5)),
                Plans.slo(List.of(), List.of(), List.of(), null, null,
                        List.of(new Slo.RolloutTime("release", Duration.ofSeconds(60)))));
        try (RunDir run = new RunDir(dir)) {
            run.steady(0, 40_000, 400, 10, true);
            run.deployment(0, 2, 2, 2, 2, 1, 1);
            run.chaos(15_000, "release", "rollout", "applied");
            run.deployment(15_100, 2, 1, 2, 2, 2, 2);    // the new pod never becomes ready
            java.util.Map<String, Object> stalled = new java.util.LinkedHashMap<>(java.util.Map.of("name",
                    "recommendation", "replicas", 2, "updated", 1, "ready", 2, "available", 2, "generation", 2,
                    "observedGeneration", 2));
            stalled.put("progressing", "ProgressDeadlineExceeded");
            run.timeline(18_200, "deployment", stalled);
        }
        Verdict verdict = Analyzer.analyze(dir, plan, null).verdict();
        Check rollout = find(verdict, "rollout.release.duration");
        assertThat(rollout.passed()).isFalse();
        assertThat(rollout.detail()).startsWith("ProgressDeadlineExceeded 3.2 s after the rollout")
                .contains("never completed");
        assertThat(rollout.atMs()).isEqualTo(RunDir.LOAD_START_MS + 18_200);
        assertThat(verdict.verdict()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void balanceJudgesTheReadyPodsPerWindowAndNamesAStarvedOne() {
        Slo withBalance = new Slo(List.of(), List.of(), List.of(), null, null, List.of(), 0.95,
                PlanDefaults.MAX_INJECTION_LAG, List.of(new Slo.Balance("peak", 1.5)));
        Plan plan = Plans.plan(List.of(phase("baseline", 10, 10), phase("peak", 20, 10)), List.of(), withBalance);
        try (RunDir run = new RunDir(dir)) {
            run.steady(0, 30_000, 300, 10, true);
            run.pod(-2_000, "ready", "recommendation-1-a");
            run.pod(-2_000, "ready", "recommendation-1-b");
            run.pod(12_000, "ready", "recommendation-1-c"); // the HPA's new pod
            for (long s = 0; s < 30; s++) {
                run.answers(s * 1000, "v1.0", "recommendation-1-a", 5, 0).answers(s * 1000, "v1.0",
                        "recommendation-1-b", 5, 0);
            }
        }
        Check balance = find(Analyzer.analyze(dir, plan, null).verdict(), "balance.peak.skew");
        // 20-30 s: c ready through the window with no answers: 50 / 50 / 0
        assertThat(balance.measured()).isCloseTo(1.5, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(balance.passed()).isTrue(); // at the bound
        assertThat(balance.detail()).contains("3 pods ready through it answered 50 / 50 / 0");
        assertThat(balance.atMs()).isEqualTo(RunDir.LOAD_START_MS + 20_000);
    }

    @Test
    void aRolloutsSurgePodIsNotAScaleUp() {
        Plan plan = Plans.plan(List.of(phase("baseline", 10, 10), phase("peak", 30, 10)),
                List.of(Plans.podKill("release", "peak", 5)),
                Plans.slo(List.of(), List.of(), List.of(), new Slo.ScaleUp("peak", 3, Duration.ofSeconds(20), null),
                        null, List.of()));
        try (RunDir run = new RunDir(dir)) {
            run.steady(0, 40_000, 400, 10, true);
            run.hpa(0, 2).deployment(0, 2, 2, 2, 2, 1, 1);
            run.chaos(15_000, "release", "rollout", "applied");
            run.deployment(15_100, 3, 1, 3, 3, 2, 1);    // maxSurge 1: 3 ready while the HPA still wants 2
            run.deployment(20_000, 2, 2, 2, 2, 2, 2);
        }
        Verdict verdict = Analyzer.analyze(dir, plan, null).verdict();
        assertThat(find(verdict, "scaleUp.desired").passed()).isFalse();
        Check ready = find(verdict, "scaleUp.ready");
        assertThat(ready.passed()).isFalse();
        assertThat(ready.detail()).contains("never reached");
    }

    @Test
    void aScaleUpHeldByTheClustersCapacityNamesThePendingPodsAndTheSchedulersReason() {
        Plan plan = Plans.plan(List.of(phase("baseline", 10, 10), phase("peak", 30, 10)), List.of(),
                Plans.slo(List.of(), List.of(), List.of(), new Slo.ScaleUp("peak", 4, Duration.ofSeconds(10), null),
                        null, List.of()));
        String reason = "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: "
                + "2 No preemption victims found for incoming pod.";
        java.util.function.BiFunction<Long, Boolean, Verdict> run = (nodeAddedAtMs, late) -> {
            Path runDir = dir.resolve("pool-" + nodeAddedAtMs);
            try (RunDir r = new RunDir(runDir)) {
                r.steady(0, 40_000, 400, 10, true);
                r.hpa(0, 2).deployment(0, 2, 2, 2, 2, 1, 1);
                r.hpa(12_000, 4).deployment(12_000, 4, 4, 3, 3, 1, 1);
                r.pod(12_100, "created", "web-c").pod(12_150, "scheduled", "web-c").pod(12_100, "created", "web-d");
                r.timeline(12_200, "event", Map.of("type", "Warning", "reason", "FailedScheduling",
                        "object", "Pod/web-d", "message", reason));
                if (nodeAddedAtMs != null) {
                    r.pod(nodeAddedAtMs, "scheduled", "web-d").deployment(nodeAddedAtMs + 500, 4, 4, 4, 4, 1, 1);
                }
            }
            return Analyzer.analyze(runDir, plan, null).verdict();
        };
        // no node comes: FAIL, naming the pod and the scheduler's words
        Check never = find(run.apply(null, false), "scaleUp.ready");
        assertThat(never.failed()).isTrue();
        assertThat(never.detail()).contains("never reached")
                .contains("1 pod Pending (web-d): FailedScheduling \"" + reason + "\" at the end of the record");
        // the pool's node comes late (ready 21.5 s into the peak, bound 10 s): FAIL, the pod still waiting at 10 s
        Check late = find(run.apply(31_000L, true), "scaleUp.ready");
        assertThat(late.failed()).isTrue();
        assertThat(late.measured()).isEqualTo(21.5);
        assertThat(late.detail()).contains("1 pod Pending (web-d)").contains("at the deadline");
        // in time: PASS, and nothing about pending pods
        Check inTime = find(run.apply(15_000L, false), "scaleUp.ready");
        assertThat(inTime.passed()).isTrue();
        assertThat(inTime.measured()).isEqualTo(5.5);
        assertThat(inTime.detail()).doesNotContain("Pending");
    }

    @Test
    void aRecorderGapThePlansApiOutageExplainsIsShownAndALongerOneMakesTheRunInvalid() {
        dev.saleday.plan.Fault outage = new dev.saleday.plan.Fault("api-down",
                new dev.saleday.plan.Trigger.At(null, Duration.ofSeconds(5)),
                new dev.saleday.plan.Action.ApiOutage(Duration.ofSeconds(20),
                        dev.saleday.plan.Action.OutageMode.UNAVAILABLE), Duration.ofSeconds(20));
        Slo slo = Plans.slo(List.of(), List.of(), List.of(), null, null, List.of());
        Plan withOutage = Plans.plan(List.of(phase("peak", 60, 10)), List.of(outage), slo);
        Plan without = Plans.plan(List.of(phase("peak", 60, 10)), List.of(), slo);
        Path runDir = dir.resolve("gap");
        try (RunDir r = new RunDir(runDir)) {
            r.steady(0, 60_000, 600, 10, true);
            r.timeline(5_200, "gap", Map.of("event", "start", "watches", List.of("pods")));
            r.timeline(45_000, "gap", Map.of("event", "end", "durationMillis", 39_800));
        }
        Verdict explained = Analyzer.analyze(runDir, withOutage, null).verdict();
        Check gaps = find(explained, "validity.timelineGaps");
        assertThat(gaps.passed()).isTrue();
        assertThat(gaps.measured()).isEqualTo(39.8);
        assertThat(gaps.threshold()).isEqualTo(52.0);
        assertThat(gaps.detail()).contains("not watching the cluster for 39.8 s in 1 gap(s)", "api-outage: 20 s");
        assertThat(explained.verdict()).isEqualTo(Outcome.PASS);
        // no outage explains it, and it outlasts the 32 s the watches may take to reconnect: a hole in the records
        Verdict unexplained = Analyzer.analyze(runDir, without, null).verdict();
        Check hole = find(unexplained, "validity.timelineGaps");
        assertThat(hole.failed()).isTrue();
        assertThat(hole.threshold()).isEqualTo(32.0);
        assertThat(unexplained.verdict()).isEqualTo(Outcome.INVALID);
    }

    @Test
    void aTruncatedRunIsAnalysedUpToItsEndAndMarkedIncomplete() throws Exception {
        Plan plan = Plans.plan(List.of(phase("baseline", 20, 100)), List.of(), Plans.NO_SLO);
        try (RunDir run = new RunDir(dir)) {
            run.steady(0, 10_000, 1000, 10, true).crashed();
            run.probe(100, 3, "ok", "v1", "p");
        }
        Path log = new RunDir(dir.resolve("unused")).simulationLog();
        java.nio.file.Files.deleteIfExists(log);
        Path real = dir.resolve("gatling/salesim-20261128/simulation.log");
        byte[] bytes = java.nio.file.Files.readAllBytes(real);
        java.nio.file.Files.write(real, java.util.Arrays.copyOf(bytes, bytes.length - 5)); // cut in the last request
        java.nio.file.Files.writeString(dir.resolve("probe.jsonl"), "{\"t\":1764338412", 
                java.nio.file.StandardOpenOption.APPEND);
        Verdict verdict = Analyzer.analyze(dir, plan, null).verdict();
        assertThat(verdict.complete()).isFalse();
        assertThat(verdict.reasons()).anyMatch(r -> r.contains("ends inside a record: read its first 999 requests"));
        assertThat(verdict.reasons()).anyMatch(r -> r.contains("probe.jsonl ends in a cut-short line"));
        assertThat(verdict.reasons()).anyMatch(r -> r.contains("run.json has no end time"));
        assertThat(verdict.summary("overall").requests()).isEqualTo(999);
        // judged on the whole seconds it recorded (9 of them), not on the 20 s it planned; never a PASS
        assertThat(verdict.verdict()).isEqualTo(Outcome.INVALID);
        assertThat(verdict.headline()).isEqualTo("INVALID (incomplete)");
        assertThat(verdict.checks().get(0).measured()).isEqualTo(1.0);
        assertThat(verdict.checks().get(0).detail()).contains("900 of 900 intended requests (100.0 %) in the first"
                + " 0:09 of the load");
    }

    @Test
    void regressionBoundsAgainstABaselineBecomeChecks() {
        Plan plan = Plans.plan(List.of(phase("baseline", 10, 100)), List.of(), Plans.NO_SLO,
                new ReportSettings("base/verdict.json", Map.of("p99", 0.10, "errorRate", 0.5)));
        try (RunDir run = new RunDir(dir.resolve("a"))) {
            run.steady(0, 10_000, 1000, 100, true);
        }
        try (RunDir run = new RunDir(dir.resolve("b"))) {
            run.steady(0, 10_000, 1000, 115, true);
        }
        Verdict before = Analyzer.analyze(dir.resolve("a"), plan, null).verdict();
        Verdict after = Analyzer.analyze(dir.resolve("b"), plan, before).verdict();
        Check p99 = find(after, "regression.overall.p99");
        assertThat(p99.measured()).isEqualTo(115);
        assertThat(p99.threshold()).isCloseTo(110, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(p99.passed()).isFalse();
        assertThat(find(after, "regression.baseline.errorRate").passed()).isTrue();
        assertThat(after.verdict()).isEqualTo(Outcome.FAIL);

        String table = dev.saleday.reports.baseline.Compare.table("A", before, "B", after);
        assertThat(table).contains("verdict").contains("PASS").contains("FAIL");
        assertThat(table.lines().filter(l -> l.startsWith("overall p99")).findFirst().orElseThrow())
                .contains("100 ms").contains("115 ms").contains("+15.0 %");
    }

    private static Check find(Verdict verdict, String name) {
        return verdict.checks().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + verdict.checks()));
    }
}
