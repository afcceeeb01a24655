package dev.saleday.reports.checks;

import dev.saleday.plan.Plan;
import dev.saleday.plan.Slo;
import dev.saleday.records.TimelineEvent;
import dev.saleday.reports.analysis.FaultEvents;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.analysis.VersionMix;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.CheckKind;
import dev.saleday.reports.verdict.Comparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Rollout duration: from the fault's application to the first deployment state where the new generation is
 * observed and every replica is updated, ready and available; with the version mix the load saw meanwhile. A
 * rollout whose Deployment reported ProgressDeadlineExceeded before it completed fails, with that reason, as
 * {@code kubectl rollout status} fails it.
 */
final class RolloutChecks {

    /** The reason Kubernetes' deployment controller gives a rollout that made no progress within its deadline. */
    static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

    private RolloutChecks() {
    }

    static List<Check> checks(RunAnalysis analysis, Plan plan) {
        List<Check> checks = new ArrayList<>();
        String deployment = plan.target() == null ? null : plan.target().deployment();
        for (Slo.RolloutTime rollout : plan.slo().rollouts()) {
            String name = "rollout." + rollout.fault() + ".duration";
            double withinS = rollout.within().toMillis() / 1000.0;
            FaultEvents fault = analysis.fault(rollout.fault()).orElse(null);
            if (fault == null || fault.appliedAtMs() == null) {
                checks.add(Check.of(name, CheckKind.ROLLOUT, Double.NaN, withinS, "s", Comparison.AT_MOST,
                        "the rollout never applied", null));
                continue;
            }
            long appliedMs = fault.appliedAtMs();
            long completeMs = completedAtMs(analysis.timeline(), deployment, fault);
            long stalledMs = deadlineExceededAtMs(analysis.timeline(), deployment, fault, completeMs);
            if (stalledMs >= 0) {
                // as `kubectl rollout status`: a rollout past its progress deadline has failed, whatever came after
                double measured = completeMs < 0 ? Double.NaN : (completeMs - appliedMs) / 1000.0;
                checks.add(new Check(name, CheckKind.ROLLOUT, false, measured, withinS, "s", Comparison.AT_MOST,
                        String.format(Locale.ROOT, "%s %.1f s after the rollout: the Deployment made no progress "
                                + "within spec.progressDeadlineSeconds (Progressing=False)%s; versions since: %s",
                                PROGRESS_DEADLINE_EXCEEDED, (stalledMs - appliedMs) / 1000.0,
                                completeMs < 0 ? ", and never completed" : ", completed later",
                                mix(analysis, appliedMs, completeMs < 0 ? Long.MAX_VALUE : completeMs)), stalledMs));
                continue;
            }
            if (completeMs < 0) {
                checks.add(Check.of(name, CheckKind.ROLLOUT, Double.NaN, withinS, "s", Comparison.AT_MOST,
                        "the rollout never completed in the recorded timeline; versions since: "
                                + mix(analysis, appliedMs, Long.MAX_VALUE), appliedMs));
                continue;
            }
            double measured = (completeMs - appliedMs) / 1000.0;
            checks.add(Check.of(name, CheckKind.ROLLOUT, measured, withinS, "s", Comparison.AT_MOST,
                    String.format(Locale.ROOT, "all replicas updated and available %.1f s after the rollout; "
                            + "answers by version meanwhile: %s", measured, mix(analysis, appliedMs, completeMs)),
                    appliedMs));
        }
        return checks;
    }

    /**
     * @param completeMs when the rollout completed, or -1
     * @return when the Deployment first reported {@value #PROGRESS_DEADLINE_EXCEEDED} (its Progressing condition's
     *         reason, as the recorder writes it) after the fault started and before it completed, or -1
     */
    static long deadlineExceededAtMs(List<TimelineEvent> timeline, String deployment, FaultEvents fault,
                                     long completeMs) {
        long startedMs = fault.startedAtMs() != null ? Math.min(fault.startedAtMs(), fault.appliedAtMs())
                : fault.appliedAtMs();
        for (TimelineEvent event : timeline) {
            if (!event.kind().equals("deployment") || (deployment != null && !deployment.equals(event.text("name")))
                    || event.tMs() < startedMs || (completeMs >= 0 && event.tMs() > completeMs)) {
                continue;
            }
            if (PROGRESS_DEADLINE_EXCEEDED.equals(event.text("progressing"))) {
                return event.tMs();
            }
        }
        return -1;
    }

    /**
     * @param fault an applied rollout fault. The recorder may see the new generation before chaos writes
     *              {@code applied} (the API call returns after the informer's event), so the generation the rollout
     *              replaced is the last one recorded before the fault's {@code start}, not before its application
     * @return when the deployment had rolled out a generation newer than the one before the fault, or -1
     */
    static long completedAtMs(List<TimelineEvent> timeline, String deployment, FaultEvents fault) {
        long appliedMs = fault.appliedAtMs();
        long startedMs = fault.startedAtMs() != null ? Math.min(fault.startedAtMs(), appliedMs) : appliedMs;
        Integer generationBefore = null;
        Integer target = null;
        for (TimelineEvent event : timeline) {
            if (!event.kind().equals("deployment") || (deployment != null && !deployment.equals(event.text("name")))) {
                continue;
            }
            Integer generation = event.integer("generation");
            if (event.tMs() < startedMs) {
                generationBefore = generation;
                continue;
            }
            if (target == null) {
                if (generation != null && (generationBefore == null || generation > generationBefore)) {
                    target = generation;
                } else {
                    continue;
                }
            }
            Integer observed = event.integer("observedGeneration");
            Integer replicas = event.integer("replicas");
            if (observed != null && observed >= target && replicas != null
                    && replicas.equals(event.integer("updated")) && replicas.equals(event.integer("available"))
                    && replicas.equals(event.integer("ready"))) {
                return event.tMs();
            }
        }
        return -1;
    }

    private static String mix(RunAnalysis analysis, long fromMs, long toMs) {
        Map<String, Long> total = new TreeMap<>();
        for (VersionMix second : analysis.versionMix()) {
            if (second.startMs() + 1000 > fromMs && second.startMs() <= toMs) {
                second.answersByVersion().forEach((v, n) -> total.merge(v, n, Long::sum));
            }
        }
        return total.isEmpty() ? "none recorded" : total.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
