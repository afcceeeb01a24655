package dev.saleday.reports.records;

import java.util.List;

/**
 * One line of host.jsonl: the host and our own processes over {@code [tMs, tMs + spanMs)}. Null members were not
 * measured (a source the host does not offer).
 *
 * @param cpuBusy            share of all CPUs busy, 0..1 (steal counts as busy)
 * @param cpuPressure        share of the span in which some task waited for a CPU (PSI some), 0..1
 * @param memAvailableMb     memory available, MiB
 * @param injectorCpuMsPerS  CPU the injector JVM's threads got, ms per second
 * @param injectorWaitMsPerS time the injector JVM's threads waited in the run queue, ms per second (summed)
 * @param gcPauseMsPerS      the injector JVM's collection pauses, ms per second
 * @param pods               each local pod's process
 */
public record HostSample(long tMs, long spanMs, Double cpuBusy, Double cpuPressure, Long memAvailableMb,
                         Double injectorCpuMsPerS, Double injectorWaitMsPerS, Double gcPauseMsPerS,
                         List<Pod> pods) {

    public HostSample {
        pods = List.copyOf(pods);
    }

    public long endMs() {
        return tMs + spanMs;
    }

    /**
     * The pods' run-queue wait over their runnable time (wait + CPU), all measured pods together; null when none was
     * measured or none was runnable.
     */
    public Double podsWaitFraction() {
        double wait = 0;
        double runnable = 0;
        boolean measured = false;
        for (Pod pod : pods) {
            if (pod.waitMsPerS() != null && pod.cpuMsPerS() != null) {
                wait += pod.waitMsPerS();
                runnable += pod.waitMsPerS() + pod.cpuMsPerS();
                measured = true;
            }
        }
        return measured && runnable > 0 ? wait / runnable : null;
    }

    /** One local pod's process over the span. */
    public record Pod(String pod, long pid, Double cpuMsPerS, Double waitMsPerS, Long limitMillicores,
                      Double throttledMsPerS) {
    }
}
