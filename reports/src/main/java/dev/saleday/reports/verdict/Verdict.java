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

    /** Why a run is INVALID: what broke the measurement, so that nobody blames the model for it. */
    public enum InvalidBy {
        /** The host starved saleday's own processes of CPU ({@code validity.hostHeadroom}). */
        HOST("host starvation"),
        /** The injector fell short of, or behind, the plan's load ({@code validity.*} of the load). */
        INJECTOR("the injector"),
        /** The run was interrupted or crashed: judged up to where its records end. */
        INCOMPLETE("incomplete"),
        /** The records could not be read. */
        UNREADABLE("unreadable records");

        /** The name of the host headroom check. */
        public static final String HOST_CHECK = "validity.hostHeadroom";
        /** The name of the check of failures that rest on requests in flight while the host starved us. */
        public static final String HOST_TAIL_CHECK = "validity.hostStarvedTail";
        /** What a check measured while the host starved saleday's processes adds to its detail. */
        public static final String HOST_UNRELIABLE = "unreliable: measured while the host starved saleday's processes"
                + " of CPU";

        private final String label;

        InvalidBy(String label) {
            this.label = label;
        }

        /** @return e.g. {@code host starvation}, for {@code INVALID (host starvation)} */
        public String label() {
            return label;
        }

        /** @return what a failed validity check says about the run */
        public static InvalidBy of(Check failedValidity) {
            return failedValidity.name().equals(HOST_CHECK) || failedValidity.name().equals(HOST_TAIL_CHECK) ? HOST
                    : INJECTOR;
        }
    }

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

    /** @return what made the run INVALID, in {@link InvalidBy} order; empty unless the verdict is INVALID */
    public java.util.Set<InvalidBy> invalidBy() {
        java.util.Set<InvalidBy> causes = java.util.EnumSet.noneOf(InvalidBy.class);
        if (verdict != Outcome.INVALID) {
            return causes;
        }
        for (Check check : checks) {
            if (check.kind() == CheckKind.VALIDITY && check.failed()) {
                causes.add(InvalidBy.of(check));
            }
        }
        if (!complete && !checks.isEmpty() && reasons.stream().anyMatch(r -> r.startsWith("incomplete: the records"
                + " end "))) {
            causes.add(InvalidBy.INCOMPLETE);
        }
        if (reasons.stream().anyMatch(r -> r.startsWith("unreadable input:"))) {
            causes.add(InvalidBy.UNREADABLE);
        }
        return causes;
    }

    /** @return {@code PASS}, {@code FAIL}, or {@code INVALID (host starvation)} and the like */
    public String headline() {
        java.util.Set<InvalidBy> causes = invalidBy();
        if (causes.isEmpty()) {
            return verdict.name();
        }
        return verdict.name() + " (" + causes.stream().map(InvalidBy::label)
                .collect(java.util.stream.Collectors.joining(", ")) + ")";
    }

    public List<Check> failedChecks() {
        return checks.stream().filter(Check::failed).toList();
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
