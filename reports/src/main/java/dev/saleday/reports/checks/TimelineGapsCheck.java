package dev.saleday.reports.checks;

import dev.saleday.plan.Action;
import dev.saleday.plan.Fault;
import dev.saleday.plan.Plan;
import dev.saleday.records.TimelineEvent;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.CheckKind;
import dev.saleday.reports.verdict.Comparison;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The spans when the cluster recorder was not watching ({@code gap} lines of timeline.jsonl): what changed in the
 * cluster then is timed when it was seen, after the gap, so checks that read the timeline (scale-up, rollout) see
 * it late. A gap the plan explains (its {@code api-outage} faults, plus {@link #RECONNECT_SLACK} for the watches to
 * come back) passes and is shown; a longer one makes the run INVALID, as its cluster records have a hole the plan
 * does not account for. Present when the plan has an api-outage, or when a gap outlasts the slack; a shorter gap
 * without an outage (a watch slow to reconnect on a loaded machine) is only in the timeline.
 */
final class TimelineGapsCheck {

    static final String NAME = "validity.timelineGaps";
    /** fabric8's longest pause between two watch reconnects (1 s doubling, at most 2^5 times). */
    static final Duration RECONNECT_SLACK = Duration.ofSeconds(32);

    private TimelineGapsCheck() {
    }

    /** @return the check, or null when there is nothing to say */
    static Check check(RunAnalysis analysis, Plan plan) {
        Duration planned = Duration.ZERO;
        for (Fault fault : plan.faults()) {
            if (fault.action() instanceof Action.ApiOutage outage) {
                planned = planned.plus(outage.duration());
            }
        }
        List<TimelineEvent> timeline = analysis.timeline();
        long totalMillis = 0;
        int gaps = 0;
        Long firstMs = null;
        Long openSince = null;
        for (TimelineEvent event : timeline) {
            if (!event.kind().equals("gap")) {
                continue;
            }
            if ("start".equals(event.event()) && openSince == null) {
                openSince = event.tMs();
                firstMs = firstMs == null ? openSince : firstMs;
                gaps++;
            } else if ("end".equals(event.event()) && openSince != null) {
                totalMillis += event.tMs() - openSince;
                openSince = null;
            }
        }
        boolean unended = openSince != null;
        if (unended) {
            totalMillis += timeline.get(timeline.size() - 1).tMs() - openSince;
        }
        double threshold = planned.plus(RECONNECT_SLACK).toMillis() / 1000.0;
        double measured = totalMillis / 1000.0;
        if (planned.isZero() && measured <= threshold) {
            return null;
        }
        String detail = gaps == 0
                ? "the recorder watched the cluster throughout"
                : String.format(Locale.ROOT, "the recorder was not watching the cluster for %.1f s in %d gap(s), "
                        + "the first from %s%s; changes then are timed when seen, after the gap", measured, gaps,
                        Instant.ofEpochMilli(firstMs), unended ? " (not ended when the records end)" : "");
        detail += planned.isZero()
                ? String.format(Locale.ROOT, " (no api-outage in the plan explains more than the %d s the watches may"
                        + " take to reconnect: the cluster's records have a hole)", RECONNECT_SLACK.toSeconds())
                : String.format(Locale.ROOT, " (the plan's api-outage: %.0f s, plus up to %d s for the watches"
                        + " to reconnect)", planned.toMillis() / 1000.0, RECONNECT_SLACK.toSeconds());
        return Check.of(NAME, CheckKind.VALIDITY, measured, threshold, "s", Comparison.AT_MOST, detail, firstMs);
    }
}
