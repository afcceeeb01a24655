package dev.saleday.records;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One line of host.jsonl ({@link HostFile}): the machine that runs the injector (and, with the embedded cluster,
 * its pods) over {@code [tMs, tMs + spanMs)}. Rates are per second of the span; a null member is a source that could
 * not be read (not Linux, no PSI, no schedstat, a process gone).
 *
 * @param tMs            epoch ms the span starts (field {@code t})
 * @param spanMs         the span's length
 * @param cpuBusy        share of all CPUs busy (everything but idle and iowait; steal counts as busy), 0..1
 * @param cpuPressure    share of the span in which some runnable task waited for a CPU (PSI some), 0..1
 * @param memAvailableMb memory available for new work, MiB
 * @param contendingCpuMsPerS CPU that other processes took at a priority that does not yield to ours (nice at most
 *                       the injector's; kernel threads and our own process trees left out), ms per second: the work
 *                       that can starve ours. Null when not measured (not Linux, or a line written before it was
 *                       recorded)
 * @param injector       the injector JVM's threads
 * @param pods           each local pod's main process (empty with a remote target)
 * @param cpuProbeUs     each CPU's latest time for a fixed computation, µs of CPU (index = CPU; null: not read;
 *                       all but the first null: the probe could not be pinned and measured whichever CPU it
 *                       was given; empty: not measured, or a line written before version 3). Higher is slower: a CPU that the busy and
 *                       wait figures show as free can still run slower (a virtual CPU whose physical core is shared)
 */
@JsonPropertyOrder({"t", "spanMs", "cpuBusy", "cpuPressure", "memAvailableMb", "contendingCpuMsPerS", "injector",
        "pods", "cpuProbeUs"})
public record HostSample(@JsonProperty("t") long tMs, long spanMs, Double cpuBusy, Double cpuPressure,
                         Long memAvailableMb, Double contendingCpuMsPerS, Injector injector, List<Pod> pods,
                         List<Double> cpuProbeUs) {

    public HostSample {
        pods = List.copyOf(pods);
        cpuProbeUs = cpuProbeUs == null ? List.of() : java.util.Collections.unmodifiableList(
                new java.util.ArrayList<>(cpuProbeUs)); // entries may be null
    }

    /** A line without the CPU probe (not measured). */
    public HostSample(long tMs, long spanMs, Double cpuBusy, Double cpuPressure, Long memAvailableMb,
                      Double contendingCpuMsPerS, Injector injector, List<Pod> pods) {
        this(tMs, spanMs, cpuBusy, cpuPressure, memAvailableMb, contendingCpuMsPerS, injector, pods, List.of());
    }

    /** @return this line with the CPU probe's readings */
    public HostSample withCpuProbeUs(List<Double> readings) {
        return new HostSample(tMs, spanMs, cpuBusy, cpuPressure, memAvailableMb, contendingCpuMsPerS, injector, pods,
                readings);
    }

    /** A line without the contending CPU (not measured). */
    public HostSample(long tMs, long spanMs, Double cpuBusy, Double cpuPressure, Long memAvailableMb,
                      Injector injector, List<Pod> pods) {
        this(tMs, spanMs, cpuBusy, cpuPressure, memAvailableMb, null, injector, pods, List.of());
    }

    /**
     * @param pid           the injector JVM's process id
     * @param cpuMsPerS     CPU time its threads ran, ms per second
     * @param waitMsPerS    time its threads were runnable but waited for a CPU (run queue), ms per second, summed
     *                      over its threads
     * @param gcPauseMsPerS the JVM's collection pauses, ms per second
     */
    @JsonPropertyOrder({"pid", "cpuMsPerS", "waitMsPerS", "gcPauseMsPerS"})
    public record Injector(long pid, Double cpuMsPerS, Double waitMsPerS, Double gcPauseMsPerS) {
    }

    /**
     * @param pod             the pod's name
     * @param pid             its container's main process
     * @param cpuMsPerS       CPU time it ran, ms per second
     * @param waitMsPerS      time it waited for a CPU, ms per second
     * @param limitMillicores the pod's CPU limit (sum over its containers), null when it has none
     * @param throttledMsPerS time the kernel throttled its cgroup (CFS quota), null when no quota group
     */
    @JsonPropertyOrder({"pod", "pid", "cpuMsPerS", "waitMsPerS", "limitMillicores", "throttledMsPerS"})
    public record Pod(String pod, long pid, Double cpuMsPerS, Double waitMsPerS, Long limitMillicores,
                      Double throttledMsPerS) {
    }

    public long endMs() {
        return tMs + spanMs;
    }

    /** @return the injector's run-queue wait, ms per second; null when not measured */
    public Double injectorWaitMsPerS() {
        return injector == null ? null : injector.waitMsPerS();
    }

    /**
     * @return the injector's run-queue wait over its runnable time (wait + CPU), all its threads together; null when
     *         not measured or not runnable
     */
    public Double injectorWaitFraction() {
        if (injector == null || injector.waitMsPerS() == null || injector.cpuMsPerS() == null) {
            return null;
        }
        double runnable = injector.waitMsPerS() + injector.cpuMsPerS();
        return runnable > 0 ? injector.waitMsPerS() / runnable : null;
    }

    /** @return the injector's collection pauses, ms per second; null when not measured */
    public Double gcPauseMsPerS() {
        return injector == null ? null : injector.gcPauseMsPerS();
    }

    /**
     * @return the pods' run-queue wait over their runnable time (wait + CPU), all measured pods together; null when
     *         none was measured or none was runnable
     */
    public Double podsWaitFraction() {
        double wait = 0;
        double runnable = 0;
        for (Pod pod : pods) {
            if (pod.waitMsPerS() != null && pod.cpuMsPerS() != null) {
                wait += pod.waitMsPerS();
                runnable += pod.waitMsPerS() + pod.cpuMsPerS();
            }
        }
        return runnable > 0 ? wait / runnable : null;
    }
}
