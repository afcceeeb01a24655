package dev.saleday.reports.checks;

import dev.saleday.plan.Slo;
import dev.saleday.reports.analysis.FailureWindow;
import dev.saleday.reports.analysis.FaultEvents;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.analysis.SecondStats;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.CheckKind;
import dev.saleday.reports.verdict.Comparison;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Zero downtime per fault: the failed requests (load and prober) of the failure windows attributed to it, against
 * its budget; and the time from its application until success rate and p99 are back within bounds for good.
 */
final class ZeroDowntimeChecks {

    private ZeroDowntimeChecks() {
    }

    static List<Check> checks(RunAnalysis analysis, Slo slo) {
        Bounds bounds = new Bounds(slo);
        List<Check> checks = new ArrayList<>();
        for (Slo.ZeroDowntime promise : slo.zeroDowntime()) {
            String prefix = "zeroDowntime." + promise.fault();
            FaultEvents fault = analysis.fault(promise.fault()).orElse(null);
            if (fault == null || fault.appliedAtMs() == null) {
                String why = fault == null ? "the fault never ran (no chaos event names it)"
                        : "the fault never applied (its last event: " + fault.outcome() + ")";
                checks.add(Check.of(prefix + ".failed", CheckKind.ZERO_DOWNTIME, Double.NaN, promise.maxFailed(),
                        "requests", Comparison.AT_MOST, why + ": zero downtime was not tested", null));
                if (promise.recoverWithin() != null) {
                    checks.add(Check.of(prefix + ".recovery", CheckKind.ZERO_DOWNTIME, Double.NaN,
                            promise.recoverWithin().toMillis() / 1000.0, "s", Comparison.AT_MOST,
                            why + ": recovery was not tested", null));
                }
                continue;
            }
            List<FailureWindow> windows = analysis.windowsOf(promise.fault());
            long loadFailed = windows.stream().mapToLong(FailureWindow::loadFailed).sum();
            long probeFailed = windows.stream().mapToLong(FailureWindow::probeFailed).sum();
            String detail = windows.isEmpty() ? "no failed request after the fault applied"
                    : String.format(Locale.ROOT, "%d failed requests (load %d, prober %d) in %d failure window(s),"
                            + " the first from %s for %.1f s", loadFailed + probeFailed, loadFailed, probeFailed,
                            windows.size(), Instant.ofEpochMilli(windows.get(0).fromMs()),
                            windows.get(0).durationMillis() / 1000.0);
            checks.add(Check.of(prefix + ".failed", CheckKind.ZERO_DOWNTIME, loadFailed + probeFailed,
                    promise.maxFailed(), "requests", Comparison.AT_MOST, detail,
                    windows.isEmpty() ? fault.appliedAtMs() : windows.get(0).fromMs()));
            if (promise.recoverWithin() != null) {
                long appliedMs = fault.appliedAtMs();
                long recoveredMs = Recovery.recoveredAtMs(analysis.seconds(), appliedMs,
                        second -> healthy(second, bounds));
                double measured = Recovery.secondsBetween(appliedMs, recoveredMs);
                String recoveryDetail = recoveredMs < 0
                        ? "success rate and p99 never came back within bounds after the fault"
                        : String.format(Locale.ROOT, "success rate and p99 back within bounds (for %d s in a row)"
                                + " %.1f s after the fault applied", Recovery.STABLE_SECONDS, measured);
                checks.add(Check.of(prefix + ".recovery", CheckKind.ZERO_DOWNTIME, measured,
                        promise.recoverWithin().toMillis() / 1000.0, "s", Comparison.AT_MOST, recoveryDetail,
                        appliedMs));
            }
        }
        return checks;
    }

    /** @return whether a second is within bounds: success rate and (when the plan bounds it) p99 of all requests */
    static boolean healthy(SecondStats second, Bounds bounds) {
        if (second.successRate() < 1 - bounds.maxErrorRate(second.phase())) {
            return false;
        }
        double p99BoundMs = bounds.p99Ms(second.phase());
        return Double.isNaN(p99BoundMs) || second.all() == null || second.all().p99Ms() <= p99BoundMs;
    }
}
