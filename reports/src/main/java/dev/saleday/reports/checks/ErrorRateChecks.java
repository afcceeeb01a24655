package dev.saleday.reports.checks;

import dev.saleday.plan.Slo;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.analysis.ScopeStats;
import dev.saleday.reports.analysis.SecondStats;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.CheckKind;
import dev.saleday.reports.verdict.Comparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The share of failed load requests, per phase or overall. */
final class ErrorRateChecks {

    private ErrorRateChecks() {
    }

    static List<Check> checks(RunAnalysis analysis, Slo slo) {
        List<Check> checks = new ArrayList<>();
        for (Slo.Errors errors : slo.errors()) {
            String scopeName = errors.phase() == null ? "overall" : errors.phase();
            ScopeStats scope = errors.phase() == null ? analysis.overall()
                    : analysis.phase(errors.phase()).orElse(null);
            String name = "errors." + scopeName + ".rate";
            if (scope == null || scope.arrivals() == 0) {
                checks.add(Check.of(name, CheckKind.ERROR_RATE, Double.NaN, errors.maxRate(), "fraction",
                        Comparison.AT_MOST, "no request was recorded in " + scopeName, null));
                continue;
            }
            String kinds = scope.failures().byKind().entrySet().stream()
                    .map(e -> e.getKey().key() + " " + e.getValue()).collect(Collectors.joining(", "));
            String detail = String.format(Locale.ROOT, "%d of %d requests failed in %s (%.3f %%)%s; prober: %d of %d",
                    scope.failed(), scope.arrivals(), scopeName, scope.errorRate() * 100,
                    kinds.isEmpty() ? "" : ": " + kinds, scope.probeFailed(), scope.probeSent());
            checks.add(Check.of(name, CheckKind.ERROR_RATE, scope.errorRate(), errors.maxRate(), "fraction",
                    Comparison.AT_MOST, detail, firstFailingSecondMs(analysis, scope)));
        }
        return checks;
    }

    private static Long firstFailingSecondMs(RunAnalysis analysis, ScopeStats scope) {
        for (SecondStats second : analysis.seconds()) {
            if (second.startMs() >= scope.startMs() && second.startMs() < scope.endMs() && second.failed() > 0) {
                return second.startMs();
            }
        }
        return null;
    }
}
