package dev.saleday.reports.checks;

import dev.saleday.plan.Plan;
import dev.saleday.plan.Slo;
import dev.saleday.reports.analysis.FaultEvents;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.analysis.ScopeStats;
import dev.saleday.reports.verdict.Check;
import java.time.Duration;
import java.util.Optional;

/**
 * The stretch of the run a check measures, in epoch ms, from its name: a phase's or the whole load's span for
 * latency, errors, balance and regression; from the phase's start to the end of its bound for scaling; from a
 * fault's {@code applied} event to the next fault's (or the load's end) for zero downtime, and to the end of its bound
 * for a rollout. Empty when the check measures nothing in time (a fault never applied) or names no known scope.
 */
final class CheckWindows {

    /** {@code [fromMs, toMs)}. */
    record Window(long fromMs, long toMs) {
        boolean overlaps(long otherFromMs, long otherToMs) {
            return otherFromMs < toMs && fromMs < otherToMs;
        }
    }

    private final RunAnalysis analysis;
    private final Plan plan;

    CheckWindows(RunAnalysis analysis, Plan plan) {
        this.analysis = analysis;
        this.plan = plan;
    }

    Optional<Window> of(Check check) {
        String name = check.name();
        for (String prefix : new String[] {"latency.", "errors.", "balance.", "regression."}) {
            if (name.startsWith(prefix) && name.lastIndexOf('.') > prefix.length()) {
                return scope(name.substring(prefix.length(), name.lastIndexOf('.')));
            }
        }
        Slo slo = plan.slo();
        if (name.startsWith("scaleUp.") && slo.scaleUp() != null) {
            Duration longest = slo.scaleUp().p99RecoversWithin() != null
                    && slo.scaleUp().p99RecoversWithin().compareTo(slo.scaleUp().within()) > 0
                    ? slo.scaleUp().p99RecoversWithin() : slo.scaleUp().within();
            return fromPhaseStart(slo.scaleUp().afterPhase(), longest);
        }
        if (name.startsWith("scaleDown.") && slo.scaleDown() != null) {
            return fromPhaseStart(slo.scaleDown().afterPhase(), slo.scaleDown().within());
        }
        if (name.startsWith("zeroDowntime.") && name.lastIndexOf('.') > "zeroDowntime.".length()) {
            String fault = name.substring("zeroDowntime.".length(), name.lastIndexOf('.'));
            return applied(fault).map(from -> new Window(from, nextAppliedAfter(from)));
        }
        if (name.startsWith("rollout.") && name.lastIndexOf('.') > "rollout.".length()) {
            String fault = name.substring("rollout.".length(), name.lastIndexOf('.'));
            Duration within = slo.rollouts().stream().filter(r -> r.fault().equals(fault)).findFirst()
                    .map(Slo.RolloutTime::within).orElse(null);
            return applied(fault).map(from -> new Window(from, within == null ? loadEndMs()
                    : from + within.toMillis()));
        }
        return Optional.empty();
    }

    private Optional<Window> scope(String scope) {
        if (scope.equals("overall")) {
            return Optional.of(new Window(analysis.overall().startMs(), loadEndMs()));
        }
        return analysis.phase(scope).map(phase -> new Window(phase.startMs(), phase.endMs()));
    }

    private Optional<Window> fromPhaseStart(String phase, Duration length) {
        return analysis.phase(phase).map(ScopeStats::startMs).map(from -> new Window(from, from + length.toMillis()));
    }

    private Optional<Long> applied(String fault) {
        return analysis.fault(fault).map(FaultEvents::appliedAtMs);
    }

    private long nextAppliedAfter(long fromMs) {
        long next = loadEndMs();
        for (FaultEvents fault : analysis.faults()) {
            if (fault.appliedAtMs() != null && fault.appliedAtMs() > fromMs && fault.appliedAtMs() < next) {
                next = fault.appliedAtMs();
            }
        }
        return next;
    }

    private long loadEndMs() {
        long end = analysis.overall().endMs();
        for (ScopeStats phase : analysis.phases()) {
            end = Math.max(end, phase.endMs());
        }
        return end;
    }
}
