package dev.saleday.reports.observed;

import dev.saleday.records.HostSample;
import dev.saleday.reports.analysis.Median;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether this machine's CPUs ran at their usual speed during a capacity search's steps, when the held pod runs on
 * this machine (the embedded cluster runs pods as processes here). Pure in host.jsonl's lines (the recorder's fixed
 * computation, timed each second on each CPU: {@code cpuProbeUs}).
 *
 * <p>The knee of a pod held at its CPU limit is the limit over the pod's CPU a request, and that cost moves with the
 * speed of the CPU the pod runs on. On this project's 2-core virtual machine one CPU at a time runs 1.5-1.75x slower
 * for tens of seconds with nothing else to show for it (no steal time): in one search CPU 1 took 540-625 us for the
 * computation while CPU 0 took 307-414, the pod's CPU a request was 17.3 ms and the knee 19 req/s; in the next both
 * took 314-477, 13.6 ms, 24 req/s. {@link StepsCost} cannot see it when the slow stretch covers the warm-up and the
 * steps alike. So: each CPU's usual speed is the median of its readings over the search, the machine's is its
 * fastest CPU's; over the steps the CPUs' readings are averaged (the pod's threads run on any of them), and a
 * search whose steps ran more than {@value #TOLERANCE_PERCENT} % slower than that is INVALID. Not caught: every CPU
 * slow through the whole search (nothing faster to compare with). Not judged: the pod on another machine (a real
 * cluster's node: this machine's speed says nothing of it), or fewer than {@value #MIN_SECONDS} seconds of readings.
 *
 * @param judged          whether there was something to compare
 * @param held            whether the steps ran within the tolerance of the machine's usual speed (true when not
 *                        judged: nothing says otherwise)
 * @param slowdownPercent how much slower than usual the CPUs ran over the steps, % (NaN when not judged)
 * @param stepsMicrosByCpu each CPU's mean reading over the steps, us (empty when not judged)
 * @param usualMicros     the machine's usual reading: its fastest CPU's median over the search, us (NaN when not
 *                        judged)
 * @param reason          the comparison in words
 */
public record StepsCpuSpeed(boolean judged, boolean held, double slowdownPercent, List<Double> stepsMicrosByCpu,
                            double usualMicros, String reason) {

    static final int TOLERANCE_PERCENT = 15;
    static final int MIN_SECONDS = 3;

    public StepsCpuSpeed {
        stepsMicrosByCpu = List.copyOf(stepsMicrosByCpu);
    }

    /**
     * @param host    host.jsonl's lines of the search
     * @param heldPod the pod the search held
     * @param fromMs  the steps' start (the load's start), epoch ms
     * @param toMs    the judged steps' end, epoch ms
     */
    public static StepsCpuSpeed of(List<HostSample> host, String heldPod, long fromMs, long toMs) {
        boolean podHere = host.stream().anyMatch(second -> second.pods().stream()
                .anyMatch(pod -> pod.pod().equals(heldPod)));
        if (!podHere) {
            return notJudged("the held pod does not run on this machine (no process of it here), so this machine's"
                    + " CPU speed says nothing of it");
        }
        int cpus = host.stream().mapToInt(second -> second.cpuProbeUs().size()).max().orElse(0);
        if (cpus == 0) {
            return notJudged("no CPU speed recorded (host.jsonl before version 3)");
        }
        List<Double> usualByCpu = new ArrayList<>();
        List<Double> stepsByCpu = new ArrayList<>();
        for (int cpu = 0; cpu < cpus; cpu++) {
            List<Double> all = readings(host, cpu, Long.MIN_VALUE, Long.MAX_VALUE);
            List<Double> steps = readings(host, cpu, fromMs, toMs);
            if (steps.size() < MIN_SECONDS) {
                return notJudged(String.format(Locale.ROOT, "%d seconds of CPU %d's speed over the steps, fewer than"
                        + " the %d the comparison needs", steps.size(), cpu, MIN_SECONDS));
            }
            usualByCpu.add(Median.of(all));
            stepsByCpu.add(steps.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
        }
        double usual = usualByCpu.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double steps = stepsByCpu.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double slowdown = (steps / usual - 1) * 100;
        boolean held = slowdown <= TOLERANCE_PERCENT;
        StringBuilder byCpu = new StringBuilder();
        for (int cpu = 0; cpu < cpus; cpu++) {
            byCpu.append(cpu == 0 ? "" : ", ").append(String.format(Locale.ROOT, "CPU %d %.0f", cpu,
                    stepsByCpu.get(cpu)));
        }
        String reason = String.format(Locale.ROOT, "the CPUs took %.0f us for the recorder's fixed computation over the"
                        + " steps (%s), the fastest CPU's usual %.0f: %s", steps, byCpu, usual,
                held ? String.format(Locale.ROOT, "%+.0f %%, the machine's usual speed", slowdown)
                        : String.format(Locale.ROOT, "%+.0f %%, more than %d %%", slowdown, TOLERANCE_PERCENT));
        return new StepsCpuSpeed(true, held, Math.round(slowdown * 10) / 10.0,
                stepsByCpu.stream().map(us -> Math.round(us * 10) / 10.0).toList(), Math.round(usual * 10) / 10.0,
                reason);
    }

    private static List<Double> readings(List<HostSample> host, int cpu, long fromMs, long toMs) {
        List<Double> readings = new ArrayList<>();
        for (HostSample second : host) {
            if (second.tMs() < fromMs || second.tMs() > toMs || cpu >= second.cpuProbeUs().size()) {
                continue;
            }
            Double reading = second.cpuProbeUs().get(cpu);
            if (reading != null && reading > 0) {
                readings.add(reading);
            }
        }
        return readings;
    }

    private static StepsCpuSpeed notJudged(String reason) {
        return new StepsCpuSpeed(false, true, Double.NaN, List.of(), Double.NaN, reason);
    }

    /**
     * @return why the search's knee is this machine's slow CPU rather than the pod's: empty when the CPUs ran at
     *         their usual speed or could not be judged
     */
    public Optional<String> invalidReason() {
        if (held) {
            return Optional.empty();
        }
        return Optional.of("This machine's CPUs ran slower than usual during the steps (" + reason + "), and the held"
                + " pod runs here: its CPU a request, and the knee with it (the limit over that cost), are the slow"
                + " CPU's, not the pod's; measure again.");
    }
}
