package dev.saleday.reports.verdict;

import java.util.Objects;

/**
 * One promise checked against the records: a value measured, a threshold, pass or fail, and where to look.
 *
 * @param name       unique within a verdict, stable across runs (baseline comparison matches on it), e.g.
 *                   {@code latency.peak.p99}, {@code zeroDowntime.kill-30pc.failed}
 * @param kind       what it is about (renderers group by it)
 * @param passed     whether the measured value is within the threshold
 * @param measured   the measured value in {@code unit}; NaN when it could not be measured (e.g. the replicas were
 *                   never reached): such a check fails
 * @param threshold  the bound in {@code unit}
 * @param unit       {@code ms}, {@code s}, {@code requests}, {@code fraction}, {@code replicas}
 * @param comparison how measured is compared with threshold
 * @param detail     one or two sentences for a human: what was measured and, when failed, what went wrong
 * @param atMs       epoch ms of the moment that matters (the worst second, the start of a failure window), or null
 * @param reached    false when the run's records end before the check's window (an interrupted or crashed run): it
 *                   was judged neither way, and {@code passed} is false without it failing
 */
public record Check(
        String name,
        CheckKind kind,
        boolean passed,
        double measured,
        double threshold,
        String unit,
        Comparison comparison,
        String detail,
        Long atMs,
        boolean reached) {

    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(comparison, "comparison");
        detail = detail == null ? "" : detail;
    }

    /** A check the records reached. */
    public Check(String name, CheckKind kind, boolean passed, double measured, double threshold, String unit,
                 Comparison comparison, String detail, Long atMs) {
        this(name, kind, passed, measured, threshold, unit, comparison, detail, atMs, true);
    }

    /** @return whether it failed: reached and not passed */
    public boolean failed() {
        return reached && !passed;
    }

    /** @return this check, not reached: the records end before its window; {@code why} says where */
    public Check notReached(String why) {
        return new Check(name, kind, false, Double.NaN, threshold, unit, comparison, "not reached: " + why, null,
                false);
    }

    /** @return {@code PASS}, {@code FAIL} or {@code NOT REACHED} */
    public String outcomeWord() {
        return !reached ? "NOT REACHED" : passed ? "PASS" : "FAIL";
    }

    /** A check whose pass/fail follows from comparing measured with threshold. */
    public static Check of(String name, CheckKind kind, double measured, double threshold, String unit,
                           Comparison comparison, String detail, Long atMs) {
        return new Check(name, kind, comparison.holds(measured, threshold), measured, threshold, unit, comparison,
                detail, atMs);
    }
}
