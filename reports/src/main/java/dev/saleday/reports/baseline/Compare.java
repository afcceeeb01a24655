package dev.saleday.reports.baseline;

import dev.saleday.reports.checks.RegressionChecks;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.MetricSummary;
import dev.saleday.reports.verdict.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code saleday compare RUN_A RUN_B}: two verdicts side by side, as a plain-text table. */
public final class Compare {

    private static final List<String> METRICS = List.of("requests", "errorRate", "p50", "p90", "p95", "p99",
            "p999", "max");

    private Compare() {
    }

    /** @return a table: the verdicts, each scope's headline numbers, then every check, A and B side by side */
    public static String table(String labelA, Verdict a, String labelB, Verdict b) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"", labelA, labelB, "change"});
        rows.add(new String[] {"verdict", a.verdict() + (a.complete() ? "" : " (incomplete)"),
            b.verdict() + (b.complete() ? "" : " (incomplete)"), ""});
        Set<String> scopes = new LinkedHashSet<>();
        a.summary().forEach(s -> scopes.add(s.scope()));
        b.summary().forEach(s -> scopes.add(s.scope()));
        for (String scope : scopes) {
            MetricSummary sa = a.summary(scope);
            MetricSummary sb = b.summary(scope);
            for (String metric : METRICS) {
                double va = value(sa, metric);
                double vb = value(sb, metric);
                rows.add(new String[] {scope + " " + metric, format(va, metric), format(vb, metric),
                    change(va, vb)});
            }
        }
        Set<String> names = new LinkedHashSet<>();
        a.checks().forEach(c -> names.add(c.name()));
        b.checks().forEach(c -> names.add(c.name()));
        for (String name : names) {
            Check ca = find(a, name);
            Check cb = find(b, name);
            rows.add(new String[] {name, show(ca), show(cb),
                ca == null || cb == null ? "" : change(ca.measured(), cb.measured())});
        }
        return render(rows);
    }

    private static double value(MetricSummary summary, String metric) {
        if (summary == null) {
            return Double.NaN;
        }
        return metric.equals("requests") ? summary.requests() : RegressionChecks.metric(summary, metric);
    }

    private static Check find(Verdict verdict, String name) {
        return verdict.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    private static String show(Check check) {
        if (check == null) {
            return "-";
        }
        return (check.passed() ? "ok " : "FAIL ") + number(check.measured()) + " " + check.unit();
    }

    private static String format(double value, String metric) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return switch (metric) {
            case "requests" -> Long.toString((long) value);
            case "errorRate" -> String.format(Locale.ROOT, "%.3f %%", value * 100);
            default -> number(value) + " ms";
        };
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String change(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return "";
        }
        if (a == 0) {
            return b == 0 ? "=" : "new";
        }
        double pct = (b - a) / a * 100;
        return Math.abs(pct) < 0.05 ? "=" : String.format(Locale.ROOT, "%+.1f %%", pct);
    }

    private static String render(List<String[]> rows) {
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < 4; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            out.append(String.format("%-" + widths[0] + "s  %" + widths[1] + "s  %" + widths[2] + "s  %s",
                    (Object[]) row).stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
