package dev.saleday.reports.checks;

import dev.saleday.plan.Plan;
import dev.saleday.plan.PlanSchedule;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.analysis.ShardStats;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.CheckKind;
import dev.saleday.reports.verdict.Comparison;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code validity.shards}: with several injectors, each shard must start at the run's one start instant, run to the
 * load's end and keep up with its share. The merged totals could hide a shard that died (the others' requests make
 * a plausible load); so each shard is judged on its own, and one that missed the start, stopped early or fell
 * behind makes the run INVALID, named with its share and when it stopped. Measured: how many shards failed.
 */
final class ShardsCheck {

    static final String NAME = "validity.shards";

    private ShardsCheck() {
    }

    /** @return the check, or null for a run with one in-process injector */
    static Check check(RunAnalysis analysis, Plan plan, PlanSchedule schedule) {
        List<ShardStats> shards = analysis.shards();
        if (shards.isEmpty()) {
            return null;
        }
        long runStartMs = analysis.overall().startMs();
        long loadMillis = schedule.loadMillis();
        long startToleranceMs = plan.slo().maxSendLag().toMillis();
        double minAchieved = plan.slo().minAchievedRateFraction();
        double maxLagSeconds = plan.slo().maxInjectionLag().toMillis() / 1000.0;
        boolean runCutShort = analysis.recordedEndMs() != null;
        List<String> failures = new ArrayList<>();
        List<String> summaries = new ArrayList<>();
        Long firstFailureMs = null;
        int failedShards = 0;
        for (ShardStats shard : shards) {
            int failuresBefore = failures.size();
            String who = String.format(Locale.ROOT, "%s (%.1f %% of the arrivals, %d requests)", shard.name(),
                    shard.shareFraction(schedule) * 100, shard.expected());
            if (shard.recordedEndMs() < 0) {
                failures.add(who + " recorded no load: it never started");
                firstFailureMs = earliest(firstFailureMs, runStartMs);
                failedShards++;
                continue;
            }
            long startOffsetMs = shard.loadStartMs() - runStartMs;
            if (Math.abs(startOffsetMs) > startToleranceMs) {
                failures.add(String.format(Locale.ROOT, "%s missed the start instant by %+.3f s (allowed %.3f s)",
                        who, startOffsetMs / 1000.0, startToleranceMs / 1000.0));
                firstFailureMs = earliest(firstFailureMs, runStartMs);
            }
            long coveredMillis = shard.recordedEndMs() - shard.loadStartMs();
            // the run's own end (interrupted, crashed) cuts every shard; a shard's own early end is its failure
            long runCoveredMillis = runCutShort ? analysis.recordedEndMs() - runStartMs : loadMillis;
            if (coveredMillis + 1000 < Math.min(loadMillis, runCoveredMillis)) {
                failures.add(String.format(Locale.ROOT, "%s stopped at %s of the load's %s: its records end there",
                        who, HostHeadroomCheck.clock(Math.max(0, coveredMillis)), HostHeadroomCheck.clock(loadMillis)));
                firstFailureMs = earliest(firstFailureMs, shard.recordedEndMs());
            }
            if (shard.sent() > 0 && !shard.requestsRecorded()) {
                failures.add(String.format(Locale.ROOT, "%s started %d requests whose records never came back (no"
                        + " simulation.log: it ended before they were collected; its injector seconds end at %s)", who,
                        shard.sent(), HostHeadroomCheck.clock(Math.max(0, coveredMillis))));
                firstFailureMs = earliest(firstFailureMs, shard.recordedEndMs());
            }
            double achieved = shard.intended() <= 0 ? 1 : (double) shard.sent() / shard.intended();
            double share = shard.shareFraction(schedule);
            // against the shard's own whole-request schedule: a share of A(t) would count fractions of a request
            // as lag (0.6 s at 1.7 req/s)
            InjectionLag.Result lag = InjectionLag.of(shard.startedPerSecond(), loadMillis,
                    ms -> shard.intendedBefore(schedule, ms), count -> shard.millisReaching(schedule, count));
            double rateRps = coveredMillis > 0 ? shard.sent() * 1000.0 / coveredMillis : 0;
            summaries.add(String.format(Locale.ROOT, "%d/%d: %d sent, %.1f req/s, %.1f %% achieved, lag %.1f s",
                    shard.index(), shard.count(), shard.sent(), rateRps, Math.min(achieved, 9.99) * 100,
                    lag.lagMillis() / 1000.0));
            if (achieved < minAchieved) {
                failures.add(String.format(Locale.ROOT, "%s fell behind: it started %d of its %d intended requests"
                        + " (%.1f %%, at least %.0f %% needed)", who, shard.sent(), shard.intended(), achieved * 100,
                        minAchieved * 100));
                firstFailureMs = earliest(firstFailureMs, shard.loadStartMs());
            }
            if (lag.lagMillis() / 1000.0 > maxLagSeconds) {
                failures.add(String.format(Locale.ROOT, "%s fell %.1f s behind the plan's schedule %.0f s into the"
                        + " load (at most %.1f s)", who, lag.lagMillis() / 1000.0, lag.atMs() / 1000.0, maxLagSeconds));
                firstFailureMs = earliest(firstFailureMs, shard.loadStartMs() + lag.atMs());
            }
            if (failures.size() > failuresBefore) {
                failedShards++;
            }
        }
        String detail = failures.isEmpty()
                ? String.format(Locale.ROOT, "%d injector shards each started on time, ran to the end and kept up"
                        + " (%s)", shards.size(), String.join("; ", summaries))
                : String.join("; ", failures) + (summaries.isEmpty() ? "" : " (" + String.join("; ", summaries) + ")");
        return Check.of(NAME, CheckKind.VALIDITY, failedShards, 0, "shards", Comparison.AT_MOST, detail,
                failures.isEmpty() ? null : firstFailureMs);
    }

    private static Long earliest(Long current, long candidateMs) {
        return current == null ? Long.valueOf(candidateMs) : Long.valueOf(Math.min(current, candidateMs));
    }
}
