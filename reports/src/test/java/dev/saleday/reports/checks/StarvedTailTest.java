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
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * validity.hostStarvedTail: a latency or error-rate FAIL that rests only on requests in flight during a starved
 * stretch short enough for validity.hostHeadroom is INVALID; one that fails without them too stays FAIL.
 */
class StarvedTailTest {

    @TempDir
    Path dir;

    private static final Plan PLAN = Plans.plan(List.of(phase("baseline", 30, 20), phase("peak", 30, 20)),
            List.of(), new Slo(List.of(p99("baseline", 500), p99("peak", 500)),
                    List.of(new Slo.Errors("peak", 0.02)), List.of(), null, null, List.of(), 0.95,
                    PlanDefaults.MAX_INJECTION_LAG, List.of(), PlanDefaults.HOST_HEADROOM, PlanDefaults.MAX_SEND_LAG));

    private static Slo.Latency p99(String phase, long millis) {
        return new Slo.Latency(phase, Map.of(Slo.Percentile.P99, Duration.ofMillis(millis)));
    }

    /**
     * 60 s of load at 20 req/s answered in 20 ms, except what {@code slow} writes; host.jsonl starved (other work at
     * our priority taking 1.6 CPUs) in the seconds {@code starvedFrom} up to {@code starvedTo}
     */
    private Verdict run(String name, int starvedFrom, int starvedTo, Consumer<RunDir> slow) {
        Path runDir = dir.resolve(name);
        try (RunDir run = new RunDir(runDir)) {
            starvedHost(run, starvedFrom, starvedTo);
            for (int s = 0; s < 60; s++) {
                if (s < 40 || s >= 42) {
                    run.steady(s * 1000L, (s + 1) * 1000L, 20, 20, true);
                }
            }
            slow.accept(run);
        }
        return Analyzer.analyze(runDir, PLAN, null).verdict();
    }

    /** 60 host.jsonl seconds, starved (other work at our priority taking 1.6 CPUs) from {@code from} to {@code to} */
    private static void starvedHost(RunDir run, int from, int to) {
        for (int s = 0; s < 60; s++) {
            boolean starved = s >= from && s < to;
            run.host(s * 1000L, starved ? 1.0 : 0.5, starved ? 1600.0 : 30.0, starved ? 900.0 : 20.0,
                    starved ? 380.0 : 10.0, starved ? 620.0 : 400.0);
        }
    }

    /** The 40 requests of 0:40-0:42 answered in 1.5 s: 6.7 % of the peak's, more than its p99 allows. */
    private static void slowIn40To42(RunDir run) {
        run.steady(40_000, 42_000, 40, 1500, true);
    }

    @Test
    void aP99ThatFailsOnlyOnRequestsInATolerated2sStarvedStretchMakesTheRunInvalid() {
        Verdict verdict = run("tail-only", 40, 42, StarvedTailTest::slowIn40To42);

        assertThat(verdict.verdict()).isEqualTo(Outcome.INVALID);
        assertThat(verdict.invalidBy()).containsExactly(Verdict.InvalidBy.HOST);
        // 2 s are within validity.hostHeadroom's 3 s: that check passes, this one says why the run is not judged
        assertThat(find(verdict, HostHeadroomCheck.NAME).passed()).isTrue();
        Check tail = find(verdict, StarvedTailCheck.NAME);
        assertThat(tail.passed()).isFalse();
        assertThat(tail.measured()).isEqualTo(1.0);
        assertThat(tail.detail()).contains("latency.peak.p99 fails only on the 40 of 600 requests in flight while"
                + " the host starved saleday's processes: 1500.0 ms with them, 20.0 ms without them")
                .endsWith("(the host starved saleday's processes from 0:40 to 0:42)");
        Check p99 = find(verdict, "latency.peak.p99");
        assertThat(p99.passed()).isFalse();
        assertThat(p99.detail()).endsWith("(" + StarvedTailCheck.UNRELIABLE + ")");
        assertThat(find(verdict, "latency.baseline.p99").detail()).doesNotContain("unreliable");
        assertThat(verdict.reasons()).anyMatch(r -> r.startsWith("invalid run: validity.hostStarvedTail: "));
        // after the other validity checks, before the promises
        List<String> names = verdict.checks().stream().map(Check::name).toList();
        assertThat(names.indexOf(StarvedTailCheck.NAME)).isEqualTo(names.indexOf(HostHeadroomCheck.NAME) + 1);
    }

    @Test
    void aP99ThatFailsWithoutTheStarvedRequestsTooStaysFail() {
        Verdict verdict = run("fails-anyway", 40, 42, run -> {
            slowIn40To42(run);
            run.steady(50_000, 51_000, 10, 1500, true); // 10 more slow ones, the host fine: 1.8 % of the rest
        });

        assertThat(verdict.verdict()).isEqualTo(Outcome.FAIL);
        Check tail = find(verdict, StarvedTailCheck.NAME);
        assertThat(tail.passed()).isTrue();
        assertThat(tail.measured()).isZero();
        assertThat(tail.detail()).startsWith("latency.peak.p99 fails with or without the 40 of 610 requests in"
                + " flight while the host starved saleday's processes: 1500.0 ms with them, 1500.0 ms without them");
        assertThat(find(verdict, "latency.peak.p99").detail()).doesNotContain("unreliable");
    }

    @Test
    void aRequestThatStartedBeforeTheStretchAndWaitedThroughItIsSetApartToo() {
        // the slow requests of 0:40-0:42 meet a stretch from 0:41 to 0:43: those of 0:40 started before it and
        // were answered in it; with the 20 quick ones of 0:42, 60 requests were in flight in it
        Verdict verdict = run("in-flight", 41, 43, StarvedTailTest::slowIn40To42);

        assertThat(verdict.verdict()).isEqualTo(Outcome.INVALID);
        assertThat(find(verdict, StarvedTailCheck.NAME).detail()).contains("latency.peak.p99 fails only on the 60"
                + " of 600 requests in flight while the host starved saleday's processes: 1500.0 ms with them, 20.0"
                + " ms without them");
    }

    @Test
    void aFailureValidityHostHeadroomAlreadyMadeUnreliableIsLeftToIt() {
        // the host starved the whole peak, beyond the grace: validity.hostHeadroom fails and marks the peak's p99,
        // and this check adds nothing
        Verdict verdict = run("all-starved", 30, 60, run -> run.steady(40_000, 42_000, 40, 1500, true));

        assertThat(verdict.verdict()).isEqualTo(Outcome.INVALID);
        assertThat(find(verdict, HostHeadroomCheck.NAME).passed()).isFalse();
        assertThat(find(verdict, "latency.peak.p99").detail()).endsWith("(" + HostHeadroomCheck.UNRELIABLE + ")");
        assertThat(verdict.checks()).extracting(Check::name).doesNotContain(StarvedTailCheck.NAME);
    }

    @Test
    void aPhaseWithNoRequestOutsideStarvedTimeFailsOnlyOnThem() {
        // a 2 s phase the host starved throughout (within the grace): nothing is left to judge it on without them
        Plan blip = Plans.plan(List.of(phase("baseline", 30, 20), phase("blip", 2, 20), phase("rest", 28, 20)),
                List.of(), new Slo(List.of(p99("blip", 500)), List.of(), List.of(), null, null, List.of(), 0.95,
                        PlanDefaults.MAX_INJECTION_LAG, List.of(), PlanDefaults.HOST_HEADROOM,
                        PlanDefaults.MAX_SEND_LAG));
        Path runDir = dir.resolve("blip");
        try (RunDir run = new RunDir(runDir)) {
            starvedHost(run, 30, 32);
            for (int s = 0; s < 60; s++) {
                run.steady(s * 1000L, (s + 1) * 1000L, 20, s >= 30 && s < 32 ? 1500 : 20, true);
            }
        }
        Verdict verdict = Analyzer.analyze(runDir, blip, null).verdict();

        assertThat(verdict.verdict()).isEqualTo(Outcome.INVALID);
        assertThat(find(verdict, StarvedTailCheck.NAME).detail()).startsWith("latency.blip.p99 fails only on the 40"
                + " of 40 requests in flight while the host starved saleday's processes: 1500.0 ms with them, no"
                + " request without them");
    }

    @Test
    void errorsOnlyInStarvedTimeMakeTheRunInvalidToo() {
        Verdict verdict = run("errors", 40, 42, run -> run.steady(40_000, 42_000, 40, 20, false));

        assertThat(verdict.verdict()).isEqualTo(Outcome.INVALID);
        assertThat(find(verdict, StarvedTailCheck.NAME).detail()).contains("errors.peak.rate fails only on the 40 of"
                + " 600 requests in flight while the host starved saleday's processes: 6.667 % with them, 0 of 560"
                + " failed without them (0.000 %)");
        assertThat(find(verdict, "errors.peak.rate").detail()).endsWith("(" + StarvedTailCheck.UNRELIABLE + ")");
    }

    @Test
    void noStarvedStretchNoCheckAndAFailIsAFail() {
        Verdict verdict = run("no-starvation", 0, 0, StarvedTailTest::slowIn40To42);

        assertThat(verdict.verdict()).isEqualTo(Outcome.FAIL);
        assertThat(verdict.checks()).extracting(Check::name).doesNotContain(StarvedTailCheck.NAME);
    }

    @Test
    void aStarvedStretchUnderPassingChecksAddsNoCheck() {
        Verdict verdict = run("passing", 40, 42, run -> run.steady(40_000, 42_000, 40, 20, true));

        assertThat(verdict.verdict()).isEqualTo(Outcome.PASS);
        assertThat(verdict.checks()).extracting(Check::name).doesNotContain(StarvedTailCheck.NAME);
    }

    private static Check find(Verdict verdict, String name) {
        return verdict.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
