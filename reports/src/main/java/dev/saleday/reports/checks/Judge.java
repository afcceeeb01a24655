package dev.saleday.reports.checks;

import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.analysis.ScopeStats;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.CheckKind;
import dev.saleday.reports.verdict.MetricSummary;
import dev.saleday.reports.verdict.Outcome;
import dev.saleday.reports.verdict.RunMetadata;
import dev.saleday.reports.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** From checks to the verdict: INVALID when a validity check failed, else FAIL when any check failed, else PASS. */
public final class Judge {

    private Judge() {
    }

    /** For every Service the timeline has (see {@link #judge(RunAnalysis, List, String)}). */
    public static Verdict judge(RunAnalysis analysis, List<Check> checks) {
        return judge(analysis, checks, null);
    }

    /** @param service the target's Service, whose moments without a ready pod the reasons name; null for any */
    public static Verdict judge(RunAnalysis analysis, List<Check> checks, String service) {
        boolean invalid = checks.stream().anyMatch(c -> c.kind() == CheckKind.VALIDITY && c.failed())
                || analysis.recordedEndMs() != null; // a run cut short is judged on what it recorded, never PASS
        boolean failed = checks.stream().anyMatch(Check::failed);
        Outcome outcome = invalid ? Outcome.INVALID : failed ? Outcome.FAIL : Outcome.PASS;
        List<String> reasons = new ArrayList<>();
        for (Check check : checks) {
            if (check.failed()) {
                reasons.add(String.format(Locale.ROOT, "%s%s: %s (threshold %s %s %s)",
                        check.kind() == CheckKind.VALIDITY ? "invalid run: " : "", check.name(), check.detail(),
                        check.comparison().symbol(), trim(check.threshold()), check.unit()));
            }
        }
        if (analysis.recordedEndMs() != null) {
            long notReached = checks.stream().filter(c -> !c.reached()).count();
            reasons.add(String.format(Locale.ROOT, "incomplete: the records end %s into the load (%s), judged up to"
                    + " there%s", HostHeadroomCheck.clock(analysis.recordedEndMs() - analysis.overall().startMs()),
                    java.time.Instant.ofEpochMilli(analysis.recordedEndMs()), notReached == 0 ? ""
                            : "; " + notReached + " check(s) not reached"));
        }
        long between = analysis.observed().failuresNoPodAnswered(analysis.overall().failed(),
                analysis.overall().successful());
        if (between > 0) {
            reasons.add(String.format(Locale.ROOT, "between the client and the pods: %d of the client's %d failed"
                    + " requests were never answered as failures by a pod (the pods' own counts): they failed in"
                    + " between (proxy, network, a dying pod) or timed out while a pod was still answering",
                    between, analysis.overall().failed()));
        }
        reasons.addAll(ServiceOutageReasons.of(analysis, service));
        for (String reason : analysis.incompleteReasons()) {
            reasons.add("incomplete: " + reason);
        }
        List<Check> ordered = new ArrayList<>(checks);
        ordered.sort(java.util.Comparator.comparing(Check::kind)); // stable: plan order within a kind
        return new Verdict(outcome, analysis.complete(), ordered, analysis.run(), reasons, summary(analysis));
    }

    /** @return a verdict for records that could not be read at all: INVALID, incomplete, one reason */
    public static Verdict unreadable(String reason, RunMetadata run) {
        return new Verdict(Outcome.INVALID, false, List.of(), run, List.of("unreadable input: " + reason), List.of());
    }

    /** @return the headline numbers: overall first, then each phase */
    public static List<MetricSummary> summary(RunAnalysis analysis) {
        List<MetricSummary> summary = new ArrayList<>();
        summary.add(summarise(MetricSummary.OVERALL, analysis.overall()));
        for (ScopeStats phase : analysis.phases()) {
            summary.add(summarise(phase.name(), phase));
        }
        return summary;
    }

    private static MetricSummary summarise(String scope, ScopeStats stats) {
        return new MetricSummary(scope, stats.arrivals(), stats.failed(), stats.errorRate(),
                stats.all().percentiles(), stats.successfulOnly().percentiles());
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.4g", value);
    }
}
