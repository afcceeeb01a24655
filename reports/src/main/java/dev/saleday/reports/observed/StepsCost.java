package dev.saleday.reports.observed;

import dev.saleday.records.PodMetricsFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether the held pod's CPU a request during a capacity search's steps was the one its warm-up settled at. Pure in
 * its records (warm-up.jsonl through {@link WarmUpSettling}, pod-metrics.jsonl).
 *
 * <p>The knee of a pod held at its CPU limit is the limit over the pod's CPU a request, so a knee is the steady
 * pod's only while that cost is the one the warm-up settled at. It can move with nothing in the pod changing: the
 * machine's own speed does (measured on this project's 2-core virtual machine, idle, with no steal time reported: a
 * fixed computation, the model's own scoring loop, took 12.2-13.7 ms of CPU for tens of seconds, then 20-22 ms for
 * 50 s, then 12.3 again, each virtual CPU on its own; the held pod, its JIT and its collector idle, went 13.9 -> 27.3
 * ms a request the same way). A search whose steps read the pod's cost more than {@value #TOLERANCE_PERCENT} % off its warm-up's is not a
 * figure of the pod, and is INVALID; one that could not be judged (no settled warm-up, metrics unreadable, fewer than
 * {@value #MIN_REQUESTS} requests between two readings over the steps) invalidates nothing.
 *
 * @param warmUpCpuMsPerRequest the pod's CPU a request, ms, over the warm-up's last span (NaN: none judged)
 * @param stepsCpuMsPerRequest  the pod's CPU a request, ms, between the readings around the steps (NaN: not read)
 * @param stepsRequests         predictions the pod answered between those readings
 * @param judged                whether both figures were there to compare
 * @param held                  whether the steps' cost was within the tolerance of the warm-up's (true when not
 *                              judged: nothing says otherwise)
 * @param reason                the comparison in words
 */
public record StepsCost(double warmUpCpuMsPerRequest, double stepsCpuMsPerRequest, long stepsRequests,
                        boolean judged, boolean held, String reason) {

    static final int TOLERANCE_PERCENT = 10;
    static final int MIN_REQUESTS = 100;

    /**
     * @param warmUp  the held pod's warm-up (its header names the pod), null when there was none
     * @param scrapes pod-metrics.jsonl's scrapes, every pod's, in order
     * @param fromMs  the steps' start (the load's start), epoch ms
     * @param toMs    the judged steps' end, epoch ms
     */
    public static StepsCost of(WarmUpSettling.OfRun warmUp, List<PodMetricsFile.Scrape> scrapes, long fromMs,
                               long toMs) {
        if (warmUp == null || !warmUp.settling().settled()) {
            return notJudged(Double.NaN, "no settled warm-up to compare the steps with");
        }
        double settledAt = warmUp.settling().lastSpanCpuMsPerRequest();
        String pod = warmUp.header().pod();
        List<PodMetricsFile.Scrape> read = new ArrayList<>();
        for (PodMetricsFile.Scrape scrape : scrapes) {
            if (scrape.pod().equals(pod) && scrape.value(ModelMetrics.CPU_SECONDS) != null
                    && scrape.value(ModelMetrics.PREDICT_COUNT) != null) {
                read.add(scrape);
            }
        }
        // the readings around the steps: the last one at or before their start, the first one at or after their end
        PodMetricsFile.Scrape first = null;
        PodMetricsFile.Scrape last = null;
        for (PodMetricsFile.Scrape scrape : read) {
            if (scrape.tMs() <= fromMs || first == null && scrape.tMs() < toMs) {
                first = scrape;
            }
            if (last == null && scrape.tMs() >= toMs) {
                last = scrape;
            }
        }
        if (last == null && !read.isEmpty()) {
            last = read.get(read.size() - 1);
        }
        if (first == null || last == null || last.tMs() <= first.tMs()) {
            return notJudged(settledAt, "the pod's metrics were not read around the steps");
        }
        double requests = last.value(ModelMetrics.PREDICT_COUNT) - first.value(ModelMetrics.PREDICT_COUNT);
        double cpuSeconds = last.value(ModelMetrics.CPU_SECONDS) - first.value(ModelMetrics.CPU_SECONDS);
        if (requests < 0 || cpuSeconds < 0) {
            return notJudged(settledAt, "the pod restarted during the steps");
        }
        if (requests < MIN_REQUESTS) {
            return new StepsCost(settledAt, requests > 0 ? cpuSeconds * 1000 / requests : Double.NaN,
                    Math.round(requests), false, true, String.format(Locale.ROOT, "%d requests between the readings"
                            + " around the steps, fewer than the %d the comparison needs", Math.round(requests),
                    MIN_REQUESTS));
        }
        double steps = cpuSeconds * 1000 / requests;
        boolean held = Math.abs(steps - settledAt) <= TOLERANCE_PERCENT / 100.0 * settledAt;
        return new StepsCost(settledAt, steps, Math.round(requests), true, held, String.format(Locale.ROOT,
                "%.1f ms of CPU a request over the steps' %d requests, %.1f at the warm-up's end: %s", steps,
                Math.round(requests), settledAt, held ? "the same pod" : String.format(Locale.ROOT,
                        "%+.0f %%, more than %d %%", (steps / settledAt - 1) * 100, TOLERANCE_PERCENT)));
    }

    private static StepsCost notJudged(double warmUpCpuMsPerRequest, String reason) {
        return new StepsCost(warmUpCpuMsPerRequest, Double.NaN, 0, false, true, reason);
    }

    /**
     * @return why the search's knee is not the steady pod's: its CPU a request moved between the warm-up and the
     *         steps; empty when it held or could not be judged
     */
    public Optional<String> invalidReason() {
        if (held) {
            return Optional.empty();
        }
        return Optional.of("The held pod's CPU a request moved between its warm-up and the steps (" + reason
                + "): the knee is the limit over that cost, so it is not the steady pod's. The machine's own speed"
                + " moves it (a virtual machine's CPU can run slower for tens of seconds with nothing to show for it"
                + " but the work taking longer); measure again.");
    }
}
