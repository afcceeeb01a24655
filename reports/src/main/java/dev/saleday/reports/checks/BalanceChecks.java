package dev.saleday.reports.checks;

import dev.saleday.plan.Plan;
import dev.saleday.plan.Slo;
import dev.saleday.records.AnswerCount;
import dev.saleday.records.TimelineEvent;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.analysis.ScopeStats;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.CheckKind;
import dev.saleday.reports.verdict.Comparison;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Load balancing, the Service's promise: in each whole 10 s window of a phase, the pods ready through the whole
 * window and what each answered; the busiest one's answers over their mean is the window's skew (1 = even). A ready
 * pod that got nothing counts as 0, so pods the HPA added but the traffic never reached show up. The worst window is
 * the measurement.
 */
final class BalanceChecks {

    static final long WINDOW_MS = 10_000;

    private BalanceChecks() {
    }

    static List<Check> checks(RunAnalysis analysis, Plan plan) {
        List<Check> checks = new ArrayList<>();
        if (plan.slo().balance().isEmpty()) {
            return checks;
        }
        String deployment = plan.target() == null ? null : plan.target().deployment();
        Map<String, List<long[]>> ready = readiness(analysis.timeline(),
                servingPods(analysis.answers(), analysis.timeline(), deployment));
        for (Slo.Balance balance : plan.slo().balance()) {
            String name = "balance." + balance.phase() + ".skew";
            ScopeStats phase = analysis.phase(balance.phase()).orElse(null);
            Window worst = phase == null ? null : worst(analysis.answers(), ready, phase.startMs(), phase.endMs());
            if (worst == null) {
                checks.add(Check.of(name, CheckKind.BALANCE, Double.NaN, balance.maxSkew(), "x", Comparison.AT_MOST,
                        "not measured: no whole 10 s window of phase " + balance.phase()
                                + " had two or more pods ready through it", null));
                continue;
            }
            checks.add(Check.of(name, CheckKind.BALANCE, worst.skew(), balance.maxSkew(), "x", Comparison.AT_MOST,
                    worst.describe(), worst.startMs()));
        }
        return checks;
    }

    /** One window: the answers of each pod ready through it. */
    record Window(long startMs, Map<String, Long> answersByPod) {

        double skew() {
            long total = answersByPod.values().stream().mapToLong(Long::longValue).sum();
            if (total == 0) {
                return 1; // nothing to balance: no answers at all is the error checks' business
            }
            long busiest = answersByPod.values().stream().mapToLong(Long::longValue).max().orElse(0);
            return busiest / ((double) total / answersByPod.size());
        }

        String describe() {
            String counts = answersByPod.values().stream().sorted((a, b) -> Long.compare(b, a))
                    .map(String::valueOf).collect(Collectors.joining(" / "));
            return String.format(Locale.ROOT, "worst 10 s window: %d pods ready through it answered %s"
                    + " (busiest %.2fx their mean)", answersByPod.size(), counts, skew());
        }
    }

    /**
     * @param answers  the load's answers per second and pod
     * @param ready    each pod's ready intervals [from, to)
     * @return the whole window of [startMs, endMs) with the highest skew among those with two or more pods ready
     *         through them, or null when there is none
     */
    static Window worst(List<AnswerCount> answers, Map<String, List<long[]>> ready, long startMs, long endMs) {
        int windows = (int) Math.max(0, (endMs - startMs) / WINDOW_MS);
        List<Map<String, Long>> sentByWindow = new ArrayList<>();
        for (int i = 0; i < windows; i++) {
            sentByWindow.add(new HashMap<>());
        }
        for (AnswerCount answer : answers) {
            long offset = answer.tMs() - startMs;
            if (answer.pod() != null && offset >= 0 && offset < windows * WINDOW_MS) {
                // what the pod was sent, served well or not: balance is the Service's share, not the pod's health
                sentByWindow.get((int) (offset / WINDOW_MS)).merge(answer.pod(), answer.ok() + answer.failed(),
                        Long::sum);
            }
        }
        Window worst = null;
        double worstSkew = 0;
        for (int i = 0; i < windows; i++) {
            long from = startMs + i * WINDOW_MS;
            long to = from + WINDOW_MS;
            Map<String, Long> sent = sentByWindow.get(i);
            Map<String, Long> byPod = new TreeMap<>();
            ready.forEach((pod, intervals) -> {
                if (intervals.stream().anyMatch(r -> r[0] <= from && r[1] >= to)) {
                    byPod.put(pod, sent.getOrDefault(pod, 0L));
                }
            });
            if (byPod.size() < 2) {
                continue;
            }
            Window window = new Window(from, byPod);
            double skew = window.skew();
            if (worst == null || skew > worstSkew) {
                worst = window;
                worstSkew = skew;
            }
        }
        return worst;
    }

    /**
     * @param pods the pods to follow
     * @return each pod's ready intervals from the timeline: from {@code ready} to {@code not-ready},
     *         {@code terminating} or {@code deleted} (a pod that stays ready is ready to the end of time)
     */
    static Map<String, List<long[]>> readiness(List<TimelineEvent> timeline, Set<String> pods) {
        Map<String, List<long[]>> intervals = new HashMap<>();
        Map<String, Long> readySince = new HashMap<>();
        for (TimelineEvent event : timeline) {
            String pod = event.kind().equals("pod") ? event.text("pod") : null;
            if (pod == null || !pods.contains(pod)) {
                continue;
            }
            switch (event.event()) {
                case "ready" -> readySince.putIfAbsent(pod, event.tMs());
                case "not-ready", "terminating", "deleted" -> {
                    Long since = readySince.remove(pod);
                    if (since != null) {
                        intervals.computeIfAbsent(pod, k -> new ArrayList<>()).add(new long[] {since, event.tMs()});
                    }
                }
                default -> {
                    // created, scheduled, restarted: readiness unchanged
                }
            }
        }
        readySince.forEach((pod, since) -> intervals.computeIfAbsent(pod, k -> new ArrayList<>())
                .add(new long[] {since, Long.MAX_VALUE}));
        return intervals;
    }

    /**
     * The Service's pods: those that answered, and those named after the target Deployment (its pods are
     * {@code <deployment>-<hash>-<suffix>}), so a ready pod that never got a request is still judged. Other pods of
     * the namespace are not the Service's business.
     */
    static Set<String> servingPods(List<AnswerCount> answers, List<TimelineEvent> timeline, String deployment) {
        Set<String> pods = new HashSet<>();
        answers.stream().map(AnswerCount::pod).filter(p -> p != null).forEach(pods::add);
        if (deployment != null) {
            for (TimelineEvent event : timeline) {
                String pod = event.kind().equals("pod") ? event.text("pod") : null;
                if (pod != null && pod.startsWith(deployment + "-")) {
                    pods.add(pod);
                }
            }
        }
        return pods;
    }
}
