package dev.saleday.reports.checks;

import dev.saleday.plan.Plan;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.records.InjectorSecond;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.CheckKind;
import dev.saleday.reports.verdict.Comparison;
import java.util.Locale;

/**
 * {@code validity.sendLag}: no request of the load may leave later than {@code slo.maxSendLag} after its intended
 * send time (the schedule's, recorded by the injector per second in injector.jsonl). A late send means the injector
 * itself stalled (a collection, starvation, a paused VM) and measured latency from the late send, so the stall is
 * hidden from the percentiles. Judged on every request, so a stall is caught at any rate; per-second counts (the
 * injection lag) can miss it when the injector catches up within the second. Not recorded (an older run): not judged.
 */
final class SendLagCheck {

    static final String NAME = "validity.sendLag";

    private SendLagCheck() {
    }

    static Check check(RunAnalysis analysis, Plan plan) {
        double threshold = plan.slo().maxSendLag().toMillis() / 1000.0;
        InjectorSecond worst = null;
        for (InjectorSecond second : analysis.injector()) {
            if (second.sendLagMaxMs() != null && (worst == null || second.sendLagMaxMs() > worst.sendLagMaxMs())) {
                worst = second;
            }
        }
        if (worst == null) {
            return new Check(NAME, CheckKind.VALIDITY, true, Double.NaN, threshold, "s", Comparison.AT_MOST,
                    "not judged: injector.jsonl has no send lag", null);
        }
        double measured = worst.sendLagMaxMs() / 1000.0;
        String detail;
        if (measured > threshold) {
            // the late requests were due from (sent - lag) on, and left by the end of their second
            long loadStartMs = analysis.overall().startMs();
            long dueFromMs = worst.tMs() - worst.sendLagMaxMs();
            detail = String.format(Locale.ROOT, "the injector stalled: requests due from %s left up to %.1f s late,"
                            + " by %s; the latency it measured from the late sends hides the stall",
                    HostHeadroomCheck.clock(Math.max(0, dueFromMs - loadStartMs)), measured,
                    HostHeadroomCheck.clock(worst.tMs() + 1000 - loadStartMs));
        } else {
            detail = String.format(Locale.ROOT, "every request left within %.3f s of its intended send time",
                    measured);
        }
        return Check.of(NAME, CheckKind.VALIDITY, measured, threshold, "s", Comparison.AT_MOST, detail,
                measured > threshold ? worst.tMs() : null);
    }
}
