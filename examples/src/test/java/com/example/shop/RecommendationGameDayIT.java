package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saleday.junit5.GameDay;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.analysis.ScopeStats;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.Verdict;
import org.junit.jupiter.api.Test;

/**
 * The team's own rules on top of the plan's promises: the game day ran once for this class (or, in `mvn verify`, the
 * run saleday:run made), and each test asserts on what it measured.
 */
@GameDay(plan = "../plans/ci.yaml")
class RecommendationGameDayIT {

    /** Our release rule: not one request dropped while v1.1 rolls out. */
    @Test
    void theReleaseDroppedNoRequest(Verdict verdict) {
        Check release = verdict.checks().stream()
                .filter(c -> c.name().equals("zeroDowntime.release-v1.1.failed")).findFirst().orElseThrow();
        assertTrue(release.passed(), () -> release.name() + ": " + release.detail());
    }

    /** Our latency budget for the peak, tighter than nothing and looser than the plan's. */
    @Test
    void thePeakAnsweredWithinTheTeamsBudget(RunAnalysis analysis) {
        ScopeStats peak = analysis.phase("peak").orElseThrow();
        assertTrue(peak.arrivals() > 0, "the peak sent load");
        double p99Ms = peak.all().valueAtPercentileMs(99);
        assertTrue(p99Ms <= 1_000, () -> "peak p99 " + p99Ms + " ms over the team's 1 s budget");
    }

    /** The plan's promises, every one. */
    @Test
    void everyPromiseHeld(Verdict verdict) {
        assertEquals(0, verdict.failedChecks().size(), () -> String.join("; ", verdict.reasons()));
    }
}
