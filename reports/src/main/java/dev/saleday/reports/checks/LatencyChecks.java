package dev.saleday.reports.checks;

import dev.saleday.plan.Slo;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.analysis.ScopeStats;
import dev.saleday.reports.analysis.SecondStats;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.CheckKind;
import dev.saleday.reports.verdict.Comparison;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Latency percentiles per phase or overall, of ALL requests (a failed request counts with the time it took:
 * leaving failures out would flatter a run that times out).
 */
final class LatencyChecks {

    private LatencyChecks() {
    }

    static List<Check> checks(RunAnalysis analysis, Slo slo) {
        List<Check> checks = new ArrayList<>();
        for (Slo.Latency latency : slo.latency()) {
            String scopeName = latency.phase() == null ? "overall" : latency.phase();
            ScopeStats scope = latency.phase() == null ? analysis.overall()
                    : analysis.phase(latency.phase()).orElse(null);
            for (Map.Entry<Slo.Percentile, Duration> bound : latency.bounds().entrySet()) {
                Slo.Percentile percentile = bound.getKey();
                double thresholdMs = bound.getValue().toNanos() / 1e6;
                String name = "latency." + scopeName + "." + percentile.key();
                if (scope == null || scope.arrivals() == 0) {
                    checks.add(Check.of(name, CheckKind.LATENCY, Double.NaN, thresholdMs, "ms", Comparison.AT_MOST,
                            "no request was recorded in " + scopeName, null));
                    continue;
                }
                double measured = scope.all().valueAtPercentileMs(percentile.percentile());
                double okOnly = scope.successfulOnly().valueAtPercentileMs(percentile.percentile());
                String detail = String.format(Locale.ROOT, "%s of %d requests in %s: %.1f ms (successful only: %s)",
                        percentile.key(), scope.arrivals(), scopeName, measured,
                        Double.isNaN(okOnly) ? "none" : String.format(Locale.ROOT, "%.1f ms", okOnly));
                checks.add(Check.of(name, CheckKind.LATENCY, measured, thresholdMs, "ms", Comparison.AT_MOST, detail,
                        worstSecondMs(analysis, scope)));
            }
        }
        return checks;
    }

    /** @return the start of the second with the highest p99 within the scope, or null */
    private static Long worstSecondMs(RunAnalysis analysis, ScopeStats scope) {
        SecondStats worst = null;
        for (SecondStats second : analysis.seconds()) {
            if (second.startMs() < scope.startMs() || second.startMs() >= scope.endMs() || second.all() == null) {
                continue;
            }
            if (worst == null || second.all().p99Ms() > worst.all().p99Ms()) {
                worst = second;
            }
        }
        return worst == null ? null : worst.startMs();
    }
}
