package dev.saleday.reports.checks;

import static dev.saleday.reports.testing.Plans.phase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanDefaults;
import dev.saleday.plan.Slo;
import dev.saleday.reports.Analyzer;
import dev.saleday.reports.testing.Plans;
import dev.saleday.reports.testing.RunDir;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.Outcome;
import dev.saleday.reports.verdict.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validity.hostHeadroom on recorded host series: starving, busy but yielding, too short, source missing. */
class HostHeadroomTest {

    @TempDir
    Path dir;

    private static final Plan PLAN = Plans.plan(List.of(phase("baseline", 30, 10), phase("peak", 30, 10)),
            List.of(), new Slo(List.of(p99("baseline", 500), p99("peak", 500), p99(null, 800)), List.of(), List.of(),
                    null, null, List.of(), 0.95, PlanDefaults.MAX_INJECTION_LAG, List.of(),
                    PlanDefaults.HOST_HEADROOM, PlanDefaults.MAX_SEND_LAG));

    private static Slo.Latency p99(String phase, long millis) {
        return new Slo.Latency(phase, Map.of(Slo.Percentile.P99, Duration.ofMillis(millis)));
    }

    /** 60 s of load, every request answered in 20 ms, and one host line a second from {@code series}. */
    private Verdict run(String name, HostSeries series) {
        Path runDir = dir.resolve(name);
        try (RunDir run = new RunDir(runDir)) {
            run.steady(0, 60_000, 600, 20, true);
            if (series != null) {
                for (int s = 0; s < 60; s++) {
                    series.second(run, s);
                }
            }
        }
        return Analyzer.analyze(runDir, PLAN, null).verdict();
    }

    @FunctionalInterface
    private interface HostSeries {
        void second(RunDir run, int second);
    }

    @Test
    void ourProcessesStarvedInThePeakMakeThePeaksChecksUnreliableAndTheRunInvalid() {
        Verdict verdict = run("starving", (run, s) -> {
            boolean starved = s >= 35 && s < 46;
            run.host(s * 1000L, starved ? 1.0 : 0.5, starved ? 1600.0 : 30.0, starved ? 410.0 : 20.0,
                    starved ? 380.0 : 10.0, starved ? 620.0 : 400.0);
        });
        assertThat(verdict.verdict()).isEqualTo(Outcome.INVALID);
        assertThat(verdict.exitStatus()).isEqualTo(2);
        Check headroom = find(verdict, HostHeadroomCheck.NAME);
        assertThat(headroom.passed()).isFalse();
        assertThat(headroom.measured()).isEqualTo(11.0);
        assertThat(headroom.threshold()).isEqualTo(3.0);
        assertThat(headroom.atMs()).isEqualTo(RunDir.LOAD_START_MS + 35_000);
        assertThat(headroom.detail()).contains("the injector waited 410 ms a second for a CPU from 0:35 to 0:46;"
                + " the pods 38 % (host 100 % busy, other work at our priority took 1.6 CPUs)",
                "unreliable: latency.peak.p99, latency.overall.p99")
                .doesNotContain("latency.baseline.p99");
        assertThat(verdict.reasons()).anyMatch(r -> r.startsWith("invalid run: validity.hostHeadroom: the host"
                + " starved saleday's processes of CPU"));
        // the touched checks say so; the others keep their outcome and their words
        assertThat(find(verdict, "latency.peak.p99").detail()).endsWith("(" + HostHeadroomCheck.UNRELIABLE + ")");
        assertThat(find(verdict, "latency.peak.p99").passed()).isTrue();
        assertThat(find(verdict, "latency.baseline.p99").detail()).doesNotContain("unreliable");
        assertThat(verdict.invalidBy()).containsExactly(Verdict.InvalidBy.HOST);
    }

    @Test
    void everyRenderingSaysInvalidByHostNotByTheInjector() throws Exception {
        Path runDir = dir.resolve("rendered");
        try (RunDir run = new RunDir(runDir)) {
            run.steady(0, 60_000, 600, 20, true);
            for (int s = 0; s < 60; s++) {
                run.host(s * 1000L, 1.0, s >= 35 && s < 46 ? 410.0 : 20.0, 10.0, 400.0);
            }
        }
        Analyzer.Result result = Analyzer.analyze(runDir, PLAN, null);
        Verdict verdict = result.verdict();
        assertThat(verdict.headline()).isEqualTo("INVALID (host starvation)");
        assertThat(dev.saleday.reports.verdict.VerdictJson.toJson(verdict)).contains("\"invalidBy\" : [ \"host\" ]");
        assertThat(dev.saleday.reports.render.MarkdownSummary.markdown(result.analysis(), verdict))
                .contains("saleday: **INVALID (host starvation)**");
        assertThat(dev.saleday.reports.render.JUnitXml.xml(result.analysis(), verdict))
                .contains("<property name=\"invalidBy\" value=\"host\"");

        Path injectorRun = dir.resolve("short-injector");
        try (RunDir run = new RunDir(injectorRun)) {
            run.steady(0, 60_000, 300, 20, true); // half the intended load
        }
        Verdict byInjector = Analyzer.analyze(injectorRun, PLAN, null).verdict();
        assertThat(byInjector.headline()).isEqualTo("INVALID (the injector)");
        assertThat(dev.saleday.reports.verdict.VerdictJson.toJson(byInjector))
                .contains("\"invalidBy\" : [ \"injector\" ]");
    }

    @Test
    void aHostKeptBusyByWorkThatYieldsInvalidatesNothing() {
        // the host is 100 % busy all along (a niced job soaks up the idle CPU), and our processes barely wait
        Verdict verdict = run("busy-yielding", (run, s) -> run.host(s * 1000L, 1.0, 0.0, 15.0, 12.0, 400.0));
        assertThat(verdict.verdict()).isEqualTo(Outcome.PASS);
        Check headroom = find(verdict, HostHeadroomCheck.NAME);
        assertThat(headroom.passed()).isTrue();
        assertThat(headroom.measured()).isZero();
        assertThat(headroom.detail()).startsWith("saleday's processes got a CPU when they needed one");
        assertThat(verdict.invalidBy()).isEmpty();

        // figures of two `nice -n 19` loops beside 150 req/s on a 2-core host: our threads still queue a moment at
        // each wake-up (the kernel lets the niced loop finish its slice), 1 s a second summed over the injector's
        // threads and 90 % of the pods' runnable time, but nothing at our priority took the CPU
        Verdict niced = run("niced", (run, s) -> run.host(s * 1000L, 1.0, 10.0, 990.0, 1000.0, 100.0));
        assertThat(niced.verdict()).isEqualTo(Outcome.PASS);
        assertThat(niced.invalidBy()).isEmpty();
    }

    @Test
    void ourProcessesQueueingBehindEachOtherIsThePlansLoadNotTheHosts() {
        // an idle 2-core host running plans/ci.yaml's peak: the injector's threads waited 1-2.4 s a second summed,
        // the pods 40-84 %, and nothing else ran; with two busy loops at normal priority the same waits are starvation
        Verdict own = run("own-load", (run, s) -> run.host(s * 1000L, 0.65, 120.0, 2400.0, 840.0, 160.0));
        assertThat(own.verdict()).isEqualTo(Outcome.PASS);
        assertThat(find(own, HostHeadroomCheck.NAME).measured()).isZero();

        Verdict loops = run("busy-loops", (run, s) -> run.host(s * 1000L, 1.0, s < 30 ? 120.0 : 1500.0, 2400.0,
                840.0, 160.0));
        assertThat(loops.verdict()).isEqualTo(Outcome.INVALID);
        assertThat(find(loops, HostHeadroomCheck.NAME).detail()).contains("from 0:30 to 1:00")
                .doesNotContain("latency.baseline.p99");
    }

    @Test
    void ourOwnProcessesSaturatingTheHostAreStarvationNamedAsOurOwnLoad() {
        // a local target at twice its calibrated scale: the host 100 % busy, the injector (0.3 CPUs) and the pods
        // (1.6 CPUs) took 1.9 of its 2 CPUs, nothing else ran, and both waited far beyond the bounds
        Verdict verdict = run("own-saturation", (run, s) -> {
            boolean saturated = s >= 30;
            run.host(s * 1000L, saturated ? 1.0 : 0.6, 20.0, saturated ? 2400.0 : 300.0,
                    saturated ? 8000.0 : 100.0, saturated ? 1600.0 : 700.0);
        });
        assertThat(verdict.verdict()).isEqualTo(Outcome.INVALID);
        assertThat(verdict.exitStatus()).isEqualTo(2);
        assertThat(verdict.invalidBy()).containsExactly(Verdict.InvalidBy.HOST);
        Check headroom = find(verdict, HostHeadroomCheck.NAME);
        assertThat(headroom.measured()).isEqualTo(29.0); // 0:30 averages its own CPU with 0:29
        assertThat(headroom.detail()).contains("the injector waited 2400 ms a second for a CPU from 0:31 to 1:00;"
                + " the pods 83 % (host 100 % busy, saleday's own processes took 1.9 of its 2 CPUs, other work at our"
                + " priority 0.0): saleday's own load saturated the host; the plan asks more of this machine than it"
                + " has: lower traffic.scale, see saleday calibrate; unreliable: latency.peak.p99")
                .doesNotContain("latency.baseline.p99");
        assertThat(find(verdict, "latency.peak.p99").passed()).isTrue();

        // the same waits on a host with CPU to spare (60 % busy): our threads queued behind each other, not starved
        Verdict spare = run("own-spare", (run, s) -> run.host(s * 1000L, 0.6, 20.0, 2400.0, 8000.0, 1600.0));
        assertThat(spare.verdict()).isEqualTo(Outcome.PASS);
        // saturated, but mostly by something that is not ours (a niced job): not starved either
        Verdict yielding = run("not-ours", (run, s) -> run.host(s * 1000L, 1.0, 20.0, 2400.0, 8000.0, 600.0));
        assertThat(yielding.verdict()).isEqualTo(Outcome.PASS);
    }

    @Test
    void aStarvedStretchNoLongerThanMaxStarvedIsTolerated() {
        Verdict verdict = run("blip", (run, s) -> run.host(s * 1000L, 0.9, s >= 40 && s < 43 ? 900.0 : 20.0,
                10.0, 400.0));
        assertThat(find(verdict, HostHeadroomCheck.NAME).passed()).isTrue();
        assertThat(verdict.verdict()).isEqualTo(Outcome.PASS);
    }

    @Test
    void podsStarvedAloneAreEnough() {
        Verdict verdict = run("pods", (run, s) -> run.host(s * 1000L, 1.0, 20.0,
                s >= 5 && s < 15 ? 1400.0 : 10.0, 600.0)); // 70 % of their runnable time
        Check headroom = find(verdict, HostHeadroomCheck.NAME);
        assertThat(headroom.passed()).isFalse();
        assertThat(headroom.detail()).contains("from 0:05 to 0:15", "latency.baseline.p99")
                .doesNotContain("latency.peak.p99");
    }

    @Test
    void aMissingSourceIsNotJudgedAndNeverFailsTheRun() {
        Verdict none = run("no-host-record", null);
        assertThat(none.verdict()).isEqualTo(Outcome.PASS);
        assertThat(find(none, HostHeadroomCheck.NAME).passed()).isTrue();
        assertThat(find(none, HostHeadroomCheck.NAME).detail()).isEqualTo("not judged: host.jsonl was not recorded");

        Verdict noSchedstat = run("no-schedstat", (run, s) -> run.host(s * 1000L, 1.0, null, null, null));
        assertThat(noSchedstat.verdict()).isEqualTo(Outcome.PASS);
        assertThat(find(noSchedstat, HostHeadroomCheck.NAME).detail()).startsWith("not judged: host.jsonl has no"
                + " run-queue figures");
    }

    private static Check find(Verdict verdict, String name) {
        return verdict.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError("no check " + name + " in " + verdict.checks()));
    }
}
