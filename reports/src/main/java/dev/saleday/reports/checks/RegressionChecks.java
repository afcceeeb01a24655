package dev.saleday.reports.checks;

import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.CheckKind;
import dev.saleday.reports.verdict.Comparison;
import dev.saleday.reports.verdict.MetricSummary;
import dev.saleday.reports.verdict.Percentiles;
import dev.saleday.reports.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Against an earlier run's verdict.json: each regression bound of the plan ({@code p99: 10%}) becomes a check per
 * scope (overall and each phase both runs have): measured now, threshold = baseline x (1 + bound).
 */
public final class RegressionChecks {

    private RegressionChecks() {
    }

    /**
     * @param current    this run's headline numbers
     * @param baseline   the earlier verdict
     * @param regression allowed growth per metric key ({@code p50} .. {@code max}, {@code errorRate}) as fractions
     */
    public static List<Check> checks(List<MetricSummary> current, Verdict baseline, Map<String, Double> regression) {
        List<Check> checks = new ArrayList<>();
        for (Map.Entry<String, Double> bound : new TreeMap<>(regression).entrySet()) {
            for (MetricSummary now : current) {
                MetricSummary before = baseline.summary(now.scope());
                if (before == null) {
                    continue;
                }
                double measured = metric(now, bound.getKey());
                double base = metric(before, bound.getKey());
                if (Double.isNaN(base)) {
                    continue;
                }
                double threshold = base * (1 + bound.getValue());
                String unit = bound.getKey().equals("errorRate") ? "fraction" : "ms";
                String detail = String.format(Locale.ROOT, "%s %s: %s now, %s in the baseline (+%.0f %% allowed)",
                        now.scope(), bound.getKey(), format(measured, unit), format(base, unit),
                        bound.getValue() * 100);
                checks.add(Check.of("regression." + now.scope() + "." + bound.getKey(), CheckKind.REGRESSION,
                        measured, threshold, unit, Comparison.AT_MOST, detail, null));
            }
        }
        return checks;
    }

    /** @return a metric of a summary by key: percentile keys of all requests, or errorRate; NaN when unknown */
    public static double metric(MetricSummary summary, String key) {
        if (key.equals("errorRate")) {
            return summary.errorRate();
        }
        Percentiles p = summary.all();
        if (p == null) {
            return Double.NaN;
        }
        return switch (key) {
            case "p50" -> p.p50Ms();
            case "p90" -> p.p90Ms();
            case "p95" -> p.p95Ms();
            case "p99" -> p.p99Ms();
            case "p999" -> p.p999Ms();
            case "max" -> p.maxMs();
            default -> Double.NaN;
        };
    }

    private static String format(double value, String unit) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return unit.equals("ms") ? String.format(Locale.ROOT, "%.1f ms", value)
                : String.format(Locale.ROOT, "%.3f %%", value * 100);
    }
}
