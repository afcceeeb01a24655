package dev.saleday.reports.observed;

import dev.saleday.records.WarmUpFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a warmed-up pod's CPU a request has settled: the rule that ends a capacity search's warm-up, and what
 * capacity.json says of it. Pure in its samples (warm-up.jsonl).
 *
 * <p>A JVM pod gets cheaper a request while its JIT compiles the hot code, and the compiling itself is CPU on the
 * pod's limit: measured on the reference model at 300m, 24-31 ms of CPU a request over its first requests, 13-16 ms
 * from some hundreds on, later on a busy host. A knee searched on a pod still getting cheaper is low (the knee is the
 * limit over the CPU a request). The rule: over the last span of readings the pod's CPU a request is within
 * {@value #TOLERANCE_PERCENT} % of what it was over the span before, a span being the fewest windows, at least
 * {@value #MIN_WINDOWS_A_SPAN}, that hold {@value #MIN_REQUESTS_A_SPAN} requests: fewer are noise (a GC or a compile
 * of a few ms is several percent of them; measured at 300m, 14 req/s, 5-s windows of 70 requests read 13.0-14.4 ms on
 * a warm pod, two-window spans 5 % apart with no trend, and a cold pod still falling 18.6 -> 15.6 ms passed a
 * two-window rule). A cost that rises has not settled either: a pod that started a while before but served nothing
 * read 12.9-14.9 ms a request at first, then 16.7-17.9 ms and 20.4 ms in the steps that followed, a knee of 19 against
 * 25 req/s for the pod the search before held. Not its JIT nor its collector (warm-up.jsonl's version 2 shows both
 * flat through such a rise): the machine's own speed, which moves for tens of seconds at a time; {@link StepsCost}
 * holds the steps to what the warm-up settled at.
 *
 * @param windowCpuMsPerRequest the pod's CPU a request, ms, in each window between two readings (NaN: no request)
 * @param lastSpanCpuMsPerRequest the pod's CPU a request over the last span, ms: what a settled warm-up settled at
 *                              (NaN when not judged)
 * @param judged                whether the last readings held two spans to compare (false: the pod's metrics could
 *                              not be read, or too few requests yet)
 * @param settled               whether the rule holds on the last readings
 * @param reason                what the last readings say, e.g. {@code 13.4 ms of CPU a request over the last 140
 *                              requests, 13.9 over the 140 before: settled}
 */
public record WarmUpSettling(List<Double> windowCpuMsPerRequest, double lastSpanCpuMsPerRequest, boolean judged,
                             boolean settled, String reason) {

    static final int TOLERANCE_PERCENT = 5;
    static final int MIN_REQUESTS_A_SPAN = 200;
    static final int MIN_WINDOWS_A_SPAN = 2;

    /**
     * A whole warm-up as warm-up.jsonl recorded it.
     *
     * @param end      its last line, null when it never ended (the command was killed during it)
     * @param settling the rule on all its readings: what ended it (settled) or not (its maximum)
     */
    public record OfRun(WarmUpFile.Header header, WarmUpFile.End end, WarmUpSettling settling) {
        /** @return how long it took, ms; -1 when it never ended */
        public long tookMs() {
            return end == null ? -1 : end.atMs() - header.startedAtMs();
        }

        /**
         * @return why a search after this warm-up did not measure the steady pod: its CPU a request was still moving
         *         when the steps began (the knee may be the JIT's); empty when it had settled, and when it could not be
         *         judged (metrics unreadable, too few requests: a scrape that cannot work never invalidates)
         */
        public Optional<String> invalidReason() {
            if (!settling.judged() || settling.settled()) {
                return Optional.empty();
            }
            return Optional.of(String.format(Locale.ROOT, "The held pod's CPU a request had not settled when the"
                            + " steps began (%s, after %d s of at most %d s): the knee may be its JIT's or its host's,"
                            + " not the steady pod's; a longer --warm-up gives it more time.", settling.reason(),
                    Math.round(Math.max(0, tookMs()) / 1000.0), header.maxMs() / 1000));
        }
    }

    public static OfRun ofRun(WarmUpFile.Contents warmUp) {
        return new OfRun(warmUp.header(), warmUp.end(), of(warmUp.samples()));
    }

    /** @param samples the pod's readings in order; failed ones are skipped, a counter reset starts over */
    public static WarmUpSettling of(List<WarmUpFile.Sample> samples) {
        List<WarmUpFile.Sample> read = new ArrayList<>();
        String lastFailure = null;
        for (WarmUpFile.Sample sample : samples) {
            if (!sample.read()) {
                lastFailure = sample.failure();
                continue;
            }
            WarmUpFile.Sample previous = read.isEmpty() ? null : read.get(read.size() - 1);
            if (previous != null && (sample.predicts() < previous.predicts()
                    || sample.cpuSeconds() < previous.cpuSeconds())) {
                read.clear(); // the pod restarted: its counters and its JIT start over
            }
            read.add(sample);
        }
        List<Double> windows = new ArrayList<>();
        for (int i = 1; i < read.size(); i++) {
            windows.add(cpuMsPerRequest(read.get(i - 1), read.get(i)));
        }
        if (read.isEmpty()) {
            return new WarmUpSettling(windows, Double.NaN, false, false, lastFailure == null ? "the pod's metrics were not read"
                    : "the pod's metrics could not be read: " + lastFailure);
        }
        // the two spans, from the last reading back: each the fewest windows (at least two) that hold enough requests
        int end = read.size() - 1;
        int middle = spanStart(read, end);
        int start = middle < 0 ? -1 : spanStart(read, middle);
        if (start < 0) {
            return new WarmUpSettling(windows, Double.NaN, false, false, String.format(Locale.ROOT, "windows so far: %d (%d"
                            + " requests); the rule compares two spans of at least %d windows and %d requests each",
                    windows.size(), Math.round(read.get(end).predicts() - read.get(0).predicts()), MIN_WINDOWS_A_SPAN,
                    MIN_REQUESTS_A_SPAN));
        }
        long before = Math.round(read.get(middle).predicts() - read.get(start).predicts());
        long last = Math.round(read.get(end).predicts() - read.get(middle).predicts());
        double earlier = cpuMsPerRequest(read.get(start), read.get(middle));
        double later = cpuMsPerRequest(read.get(middle), read.get(end));
        boolean settled = Math.abs(later - earlier) <= TOLERANCE_PERCENT / 100.0 * earlier;
        return new WarmUpSettling(windows, later, true, settled, String.format(Locale.ROOT, "%.1f ms of CPU a request over the"
                        + " last %d requests, %.1f over the %d before: %s", later, last, earlier, before,
                settled ? "settled" : later < earlier ? "still falling" : "rising"));
    }

    /**
     * @param series the pod's metrics as read
     * @param where  the metrics endpoint, for the failure's words
     * @return the pod's counters the rule reads (and its JVM's compile and collection time where it shows them), or
     *         a failed reading naming the one missing
     */
    public static WarmUpFile.Sample sample(long atMs, Map<String, Double> series, String where) {
        Double cpu = series.get(ModelMetrics.CPU_SECONDS);
        Double predicts = series.get(ModelMetrics.PREDICT_COUNT);
        if (cpu == null || predicts == null) {
            return WarmUpFile.Sample.failed(atMs, "no " + (cpu == null ? ModelMetrics.CPU_SECONDS
                    : ModelMetrics.PREDICT_COUNT) + " on " + where);
        }
        Double gc = null;
        for (Map.Entry<String, Double> entry : series.entrySet()) {
            if (entry.getKey().startsWith(ModelMetrics.JVM_GC_SECONDS + "{")) {
                gc = (gc == null ? 0 : gc) + entry.getValue();
            }
        }
        return WarmUpFile.Sample.of(atMs, cpu, predicts, series.get(ModelMetrics.JVM_COMPILE_SECONDS), gc);
    }

    /**
     * @return the index of the reading where the span that ends at reading {@code end} starts: the latest one at least
     *         {@value #MIN_WINDOWS_A_SPAN} windows and {@value #MIN_REQUESTS_A_SPAN} requests before it; -1 when none
     */
    private static int spanStart(List<WarmUpFile.Sample> read, int end) {
        for (int i = end - MIN_WINDOWS_A_SPAN; i >= 0; i--) {
            if (read.get(end).predicts() - read.get(i).predicts() >= MIN_REQUESTS_A_SPAN) {
                return i;
            }
        }
        return -1;
    }

    /** @return the pod's CPU a request in the last window, NaN before two readings */
    public double lastCpuMsPerRequest() {
        return windowCpuMsPerRequest.isEmpty() ? Double.NaN
                : windowCpuMsPerRequest.get(windowCpuMsPerRequest.size() - 1);
    }

    private static double cpuMsPerRequest(WarmUpFile.Sample from, WarmUpFile.Sample to) {
        double requests = to.predicts() - from.predicts();
        return requests > 0 ? (to.cpuSeconds() - from.cpuSeconds()) * 1000 / requests : Double.NaN;
    }
}
