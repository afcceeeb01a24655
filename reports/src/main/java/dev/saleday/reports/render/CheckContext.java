package dev.saleday.reports.render;

import dev.saleday.records.TimelineEvent;
import dev.saleday.reports.analysis.FailureWindow;
import dev.saleday.reports.analysis.FaultEvents;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.analysis.ScopeStats;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.CheckKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where in the analysis a check points: its scope (a phase, or the whole load), the failure windows that explain
 * it, the charts to look at, and the timeline lines around its moments. Check names follow the verdict's
 * convention ({@code latency.peak.p99}, {@code zeroDowntime.kill-30pc.failed}): a phase or fault name is one of
 * the dot-separated parts.
 */
final class CheckContext {

    /** Timeline lines shown before and after a failure window or a check's moment. */
    static final long CONTEXT_MILLIS = 10_000;
    /** At most this many windows are listed for one check. */
    static final int MAX_WINDOWS = 5;

    private CheckContext() {
    }

    /** @return the phase the check is about, else the whole load */
    static ScopeStats scope(Check check, RunAnalysis analysis) {
        Set<String> parts = Set.of(check.name().split("\\."));
        return analysis.phases().stream().filter(p -> parts.contains(p.name())).findFirst()
                .orElse(analysis.overall());
    }

    /** @return the fault the check is about, or null */
    static FaultEvents fault(Check check, RunAnalysis analysis) {
        Set<String> parts = Set.of(check.name().split("\\."));
        return analysis.faults().stream().filter(f -> parts.contains(f.name())).findFirst().orElse(null);
    }

    /**
     * The failure windows that explain a check: a zero-downtime check's are its fault's; a failed check of another
     * kind gets the windows within its scope; a passed one none.
     */
    static List<FailureWindow> windows(Check check, RunAnalysis analysis) {
        FaultEvents fault = fault(check, analysis);
        if (check.kind() == CheckKind.ZERO_DOWNTIME && fault != null) {
            return analysis.windowsOf(fault.name()).stream().limit(MAX_WINDOWS).toList();
        }
        if (check.passed()) {
            return List.of();
        }
        ScopeStats scope = scope(check, analysis);
        if (scope == null) {
            return List.of();
        }
        return analysis.failureWindows().stream()
                .filter(w -> w.toMs() > scope.startMs() && w.fromMs() < scope.endMs())
                .limit(MAX_WINDOWS).toList();
    }

    /** @return the ids of the {@link TimeCharts} that show what the check measures */
    static List<String> charts(CheckKind kind) {
        return switch (kind) {
            case VALIDITY -> List.of(TimeCharts.THROUGHPUT, TimeCharts.HOST);
            case LATENCY, REGRESSION -> List.of(TimeCharts.LATENCY, TimeCharts.HOST);
            case ERROR_RATE -> List.of(TimeCharts.ERRORS, TimeCharts.THROUGHPUT);
            case ZERO_DOWNTIME -> List.of(TimeCharts.ERRORS, TimeCharts.LATENCY);
            case SCALE_UP, SCALE_DOWN -> List.of(TimeCharts.REPLICAS, TimeCharts.LATENCY);
            case ROLLOUT -> List.of(TimeCharts.VERSIONS, TimeCharts.REPLICAS);
            case BALANCE -> List.of(TimeCharts.PODS, TimeCharts.REPLICAS);
            case SERVER -> List.of(ServerCharts.LATENCY, ServerCharts.THROTTLED);
        };
    }

    /**
     * The timeline around a check: the events from {@value #CONTEXT_MILLIS} ms before to after each of its
     * windows (else around its moment), one line each: {@code m:ss.mmm  chaos kill-30pc applied: ...}.
     */
    static String timelineAround(Check check, List<FailureWindow> windows, RunAnalysis analysis) {
        List<long[]> spans = new ArrayList<>();
        for (FailureWindow window : windows) {
            spans.add(new long[] {window.fromMs() - CONTEXT_MILLIS, window.toMs() + CONTEXT_MILLIS});
        }
        if (spans.isEmpty() && check.atMs() != null) {
            spans.add(new long[] {check.atMs() - CONTEXT_MILLIS, check.atMs() + CONTEXT_MILLIS});
        }
        if (spans.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (long[] span : spans) {
            text.append("== ").append(clockMillis(analysis, span[0])).append(" .. ")
                    .append(clockMillis(analysis, span[1])).append(" (m:ss since the load started)\n");
            for (FailureWindow window : windows) {
                if (window.fromMs() >= span[0] && window.toMs() <= span[1]) {
                    text.append(clockMillis(analysis, window.fromMs())).append("  failure window starts: ")
                            .append(window.failed()).append(" failed\n");
                }
            }
            for (TimelineEvent event : analysis.timeline()) {
                if (event.tMs() >= span[0] && event.tMs() <= span[1]) {
                    text.append(clockMillis(analysis, event.tMs())).append("  ").append(event.describe()).append('\n');
                }
            }
        }
        return text.toString();
    }

    /** m:ss.mmm since the load started. */
    static String clockMillis(RunAnalysis analysis, long epochMs) {
        long millis = epochMs - TimeCharts.loadStartMs(analysis);
        String sign = millis < 0 ? "-" : "";
        millis = Math.abs(millis);
        return String.format(java.util.Locale.ROOT, "%s%d:%02d.%03d", sign, millis / 60_000, millis / 1000 % 60,
                millis % 1000);
    }
}
