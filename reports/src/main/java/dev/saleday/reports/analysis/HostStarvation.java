package dev.saleday.reports.analysis;

import dev.saleday.plan.Slo;
import dev.saleday.records.HostSample;
import java.util.ArrayList;
import java.util.List;

/**
 * When the host starved our own processes of CPU, from host.jsonl: a pure function of the recorded seconds and the
 * plan's bounds. A second is starved when other work at a priority that does not yield to ours took at least
 * {@link #MIN_CONTENDING_CPU_MS_PER_S} of CPU in it, and meanwhile the injector's threads waited at least
 * {@code maxInjectorWait} in the run queue, or the local pods spent at least {@code maxPodWait} of their runnable
 * time waiting for a CPU. How busy the host was does not count: a host kept busy by work that yields (a niced job)
 * starves nobody. Nor does our processes' wait alone: on a small host the injector's and the pods' many threads queue
 * behind each other in bursts (measured on an idle 2-core machine: 1-2.4 s a second summed over the injector's
 * threads), which is the plan's own load, sized by {@code saleday calibrate}, not the machine taking the CPU away. A
 * line without the contending figure (recorded before it was, or unreadable) is judged on the wait alone.
 */
public final class HostStarvation {

    /** Seconds this close count as one stretch (a line's reading may come a little late). */
    private static final long GAP_TOLERANCE_MS = 500;

    /**
     * A starved stretch.
     *
     * @param fromMs                  start, epoch ms
     * @param toMs                    end, epoch ms
     * @param injectorWaitMsPerS      the injector's mean run-queue wait over the stretch, ms per second; null unknown
     * @param podsWaitFraction        the pods' run-queue wait over their runnable time over the stretch; null unknown
     * @param cpuBusy                 the host's mean busy share over the stretch; null unknown
     * @param contendingCpuMsPerS     the mean CPU other work at our priority took over the stretch, ms per second;
     *                                null unknown
     */
    public record Starved(long fromMs, long toMs, Double injectorWaitMsPerS, Double podsWaitFraction, Double cpuBusy,
                          Double contendingCpuMsPerS) {
        public Starved(long fromMs, long toMs, Double injectorWaitMsPerS, Double podsWaitFraction, Double cpuBusy) {
            this(fromMs, toMs, injectorWaitMsPerS, podsWaitFraction, cpuBusy, null);
        }

        public long durationMs() {
            return toMs - fromMs;
        }
    }

    /**
     * Half a CPU: other work at our priority taking less leaves a 2-core host's second CPU to our processes; two busy
     * loops took 1000-1700 ms a second of a 2-core host while saleday ran at 100-150 req/s.
     */
    public static final double MIN_CONTENDING_CPU_MS_PER_S = 500;

    private HostStarvation() {
    }

    /** @return whether any second says how long our processes waited (false: the source is missing, not judged) */
    public static boolean measured(List<HostSample> host) {
        return host.stream().anyMatch(s -> s.injectorWaitMsPerS() != null || s.podsWaitFraction() != null);
    }

    public static boolean starved(HostSample second, Slo.HostHeadroom bounds) {
        Double contending = second.contendingCpuMsPerS();
        if (contending != null && contending < MIN_CONTENDING_CPU_MS_PER_S) {
            return false; // nothing took the CPU from us: whatever we waited, we waited for each other
        }
        Double injector = second.injectorWaitMsPerS();
        Double pods = second.podsWaitFraction();
        return injector != null && injector >= bounds.maxInjectorWait().toMillis()
                || pods != null && pods >= bounds.maxPodWaitFraction();
    }

    /** @return the stretches longer than {@code maxStarved}: the ones that make checks unreliable */
    public static List<Starved> beyondTolerance(List<HostSample> host, Slo.HostHeadroom bounds) {
        return stretches(host, bounds).stream()
                .filter(s -> s.durationMs() > bounds.maxStarved().toMillis()).toList();
    }

    /** @return every starved stretch, in time order, whatever its length */
    public static List<Starved> stretches(List<HostSample> host, Slo.HostHeadroom bounds) {
        List<Starved> stretches = new ArrayList<>();
        List<HostSample> current = new ArrayList<>();
        for (HostSample second : host) {
            boolean contiguous = current.isEmpty()
                    || second.tMs() <= current.get(current.size() - 1).endMs() + GAP_TOLERANCE_MS;
            if (!current.isEmpty() && (!starved(second, bounds) || !contiguous)) {
                stretches.add(summarise(current));
                current = new ArrayList<>();
            }
            if (starved(second, bounds)) {
                current.add(second);
            }
        }
        if (!current.isEmpty()) {
            stretches.add(summarise(current));
        }
        return stretches;
    }

    private static Starved summarise(List<HostSample> seconds) {
        double injectorWait = 0;
        long injectorSpan = 0;
        double podWait = 0;
        double podRunnable = 0;
        double busy = 0;
        long busySpan = 0;
        double contending = 0;
        long contendingSpan = 0;
        for (HostSample second : seconds) {
            if (second.injectorWaitMsPerS() != null) {
                injectorWait += second.injectorWaitMsPerS() * second.spanMs();
                injectorSpan += second.spanMs();
            }
            for (HostSample.Pod pod : second.pods()) {
                if (pod.waitMsPerS() != null && pod.cpuMsPerS() != null) {
                    podWait += pod.waitMsPerS() * second.spanMs();
                    podRunnable += (pod.waitMsPerS() + pod.cpuMsPerS()) * second.spanMs();
                }
            }
            if (second.cpuBusy() != null) {
                busy += second.cpuBusy() * second.spanMs();
                busySpan += second.spanMs();
            }
            if (second.contendingCpuMsPerS() != null) {
                contending += second.contendingCpuMsPerS() * second.spanMs();
                contendingSpan += second.spanMs();
            }
        }
        return new Starved(seconds.get(0).tMs(), seconds.get(seconds.size() - 1).endMs(),
                injectorSpan > 0 ? injectorWait / injectorSpan : null,
                podRunnable > 0 ? podWait / podRunnable : null,
                busySpan > 0 ? busy / busySpan : null, contendingSpan > 0 ? contending / contendingSpan : null);
    }
}
