package dev.saleday.reports.verdict;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What CI gates on and a release manager signs: the outcome, whether the records were whole, every check, and the
 * reasons in a sentence each. Written as verdict.json (see docs/VERDICT.md).
 *
 * @param verdict  PASS, FAIL or INVALID
 * @param complete false when a record file was truncated (a crashed run) or the run ended early: the checks hold
 *                 for the part that was recorded
 * @param checks   every check, grouped by kind in {@link CheckKind} order, then in plan order
 * @param run      what ran, where and when
 * @param reasons  why the verdict is what it is: one sentence per failed check, invalidity or incompleteness;
 *                 empty for a complete PASS
 * @param summary  headline numbers, overall first then per phase (kept for baseline comparison)
 */
public record Verdict(
        Outcome verdict,
        boolean complete,
        List<Check> checks,
        RunMetadata run,
        List<String> reasons,
        List<MetricSummary> summary) {

    public Verdict {
        Objects.requireNonNull(verdict, "verdict");
        checks = List.copyOf(checks);
        reasons = List.copyOf(reasons);
        summary = List.copyOf(summary);
    }

    /** @return 0 PASS, 1 FAIL, 2 INVALID */
    public int exitStatus() {
        return verdict.exitStatus();
    }

    public List<Check> failedChecks() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }

    /** @return the checks by kind, kinds in {@link CheckKind} order, checks in their verdict order */
    public Map<CheckKind, List<Check>> checksByKind() {
        return checks.stream().sorted(Comparator.comparing(Check::kind))
                .collect(Collectors.groupingBy(Check::kind, () -> new java.util.EnumMap<>(CheckKind.class),
                        Collectors.toUnmodifiableList()));
    }

    /** @return the summary of a scope ({@link MetricSummary#OVERALL} or a phase name), or null */
    public MetricSummary summary(String scope) {
        return summary.stream().filter(s -> s.scope().equals(scope)).findFirst().orElse(null);
    }
}
