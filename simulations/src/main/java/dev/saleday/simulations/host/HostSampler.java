package dev.saleday.simulations.host;

import dev.saleday.records.HostSample;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Reads the host's accounting once per call and gives the growth since the previous call as one
 * {@link HostSample}: host CPU busy, CPU pressure, memory available, the CPU taken by other work that does not yield
 * to ours ({@link ContendingCpu}), and above all how long our own
 * processes (the injector JVM, each local pod) waited for a CPU next to the CPU they got. Not thread-safe: one
 * caller (the host recorder's thread). What cannot be read is null in the record.
 */
public final class HostSampler {

    private final ProcFs proc;
    private final long injectorPid;
    private final Supplier<List<PodProcess>> pods;
    private final LongSupplier gcPauseMillis;
    private final ProcessSched injector = new ProcessSched();
    private final ContendingCpu contending = new ContendingCpu();
    private final Map<Long, ProcessSched> podSched = new HashMap<>();
    private Map<Long, Long> previousThrottled = new HashMap<>();
    private ProcFs.CpuTicks previousTicks;
    private long previousPressureMicros = -1;
    private long previousGcMillis = -1;
    private long previousMs = -1;
    private long previousUptimeTicks = -1;

    /**
     * @param pods          the local pods' processes now (empty for a remote target); called once per sample
     * @param gcPauseMillis the injector JVM's cumulative collection pause time, ms (-1 unknown)
     */
    public HostSampler(ProcFs proc, long injectorPid, Supplier<List<PodProcess>> pods, LongSupplier gcPauseMillis) {
        this.proc = proc;
        this.injectorPid = injectorPid;
        this.pods = pods;
        this.gcPauseMillis = gcPauseMillis;
    }

    /** For this JVM as the injector, on the real /proc. */
    public static HostSampler ofThisJvm(Supplier<List<PodProcess>> pods) {
        return new HostSampler(ProcFs.system(), ProcessHandle.current().pid(), pods, HostSampler::gcPauseMillis);
    }

    /** @return the cumulative pause time of this JVM's collectors (concurrent cycles excluded), ms */
    public static long gcPauseMillis() {
        long total = 0;
        boolean any = false;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            long time = gc.getCollectionTime();
            if (time >= 0 && !gc.getName().contains("Concurrent")) {
                total += time;
                any = true;
            }
        }
        return any ? total : -1;
    }

    /**
     * @param nowMs epoch ms of this read
     * @return the span since the previous read ({@code t} = the previous read), or empty on the first read
     */
    public Optional<HostSample> sample(long nowMs) {
        Optional<ProcFs.CpuTicks> ticks = proc.cpuTicks();
        OptionalLong pressure = proc.cpuPressureSomeMicros();
        OptionalLong memKb = proc.memAvailableKb();
        OptionalLong uptimeTicks = proc.uptimeTicks();
        Optional<ProcessSched.Growth> injectorGrowth = injector.advance(proc.taskSched(injectorPid));
        long gc = gcPauseMillis.getAsLong();
        List<HostSample.Pod> podLines = new ArrayList<>();
        long spanMs = nowMs - previousMs;
        boolean first = previousMs < 0 || spanMs <= 0;
        Map<Long, Long> throttled = new HashMap<>();
        Map<Long, ProcessSched> seen = new HashMap<>();
        List<PodProcess> podList = safePods();
        List<Long> ourRoots = new ArrayList<>();
        ourRoots.add(injectorPid);
        podList.forEach(pod -> ourRoots.add(pod.pid()));
        Optional<Double> contendingMs = contending.advance(proc.processes(), ourRoots);
        for (PodProcess pod : podList) {
            ProcessSched sched = podSched.get(pod.pid());
            if (sched == null) {
                sched = new ProcessSched();
                if (!first && startedSince(pod.pid(), previousUptimeTicks)) {
                    sched.startedSinceLastRead();
                }
            }
            seen.put(pod.pid(), sched);
            Optional<ProcessSched.Growth> growth = sched.advance(proc.taskSched(pod.pid()));
            OptionalLong throttledNanos = proc.throttledNanos(pod.pid());
            Double throttledRate = null;
            if (throttledNanos.isPresent()) {
                throttled.put(pod.pid(), throttledNanos.getAsLong());
                Long before = previousThrottled.get(pod.pid());
                if (before != null && !first) {
                    throttledRate = perSecond(Math.max(0, throttledNanos.getAsLong() - before) / 1e6, spanMs);
                }
            }
            if (!first) {
                podLines.add(new HostSample.Pod(pod.pod(), pod.pid(),
                        growth.map(g -> perSecond(g.cpuNanos() / 1e6, spanMs)).orElse(null),
                        growth.map(g -> perSecond(g.waitNanos() / 1e6, spanMs)).orElse(null),
                        pod.limitMillicores(), throttledRate));
            }
        }
        podSched.clear();
        podSched.putAll(seen);
        previousThrottled = throttled;
        Optional<HostSample> second = Optional.empty();
        if (!first) {
            Double busy = ticks.isPresent() && previousTicks != null
                    && ticks.get().total() > previousTicks.total()
                    ? round((double) (ticks.get().busy() - previousTicks.busy())
                    / (ticks.get().total() - previousTicks.total()), 1000) : null;
            Double cpuPressure = pressure.isPresent() && previousPressureMicros >= 0
                    ? round(Math.min(1, Math.max(0, pressure.getAsLong() - previousPressureMicros) / 1000.0
                    / spanMs), 1000) : null;
            Long memMb = memKb.isPresent() ? memKb.getAsLong() / 1024 : null;
            Double gcRate = gc >= 0 && previousGcMillis >= 0 ? perSecond(Math.max(0, gc - previousGcMillis), spanMs)
                    : null;
            HostSample.Injector injectorLine = new HostSample.Injector(injectorPid,
                    injectorGrowth.map(g -> perSecond(g.cpuNanos() / 1e6, spanMs)).orElse(null),
                    injectorGrowth.map(g -> perSecond(g.waitNanos() / 1e6, spanMs)).orElse(null), gcRate);
            Double contendingRate = contendingMs.map(ms -> perSecond(ms, spanMs)).orElse(null);
            second = Optional.of(new HostSample(previousMs, spanMs, busy, cpuPressure, memMb, contendingRate,
                    injectorLine,
                    podLines));
        }
        previousTicks = ticks.orElse(null);
        previousPressureMicros = pressure.isPresent() ? pressure.getAsLong() : -1;
        previousGcMillis = gc;
        previousMs = nowMs;
        previousUptimeTicks = uptimeTicks.orElse(-1);
        return second;
    }

    /** @return whether the process started at or after {@code sinceTicks} (ticks since boot; -1 unknown) */
    private boolean startedSince(long pid, long sinceTicks) {
        OptionalLong start = proc.startTicks(pid);
        return sinceTicks >= 0 && start.isPresent() && start.getAsLong() >= sinceTicks;
    }

    private List<PodProcess> safePods() {
        try {
            List<PodProcess> list = pods.get();
            return list == null ? List.of() : list;
        } catch (RuntimeException e) {
            return List.of(); // the cluster did not answer this second: the pods are missing from this line
        }
    }

    private static double perSecond(double millis, long spanMs) {
        return round(millis * 1000.0 / spanMs, 10);
    }

    private static double round(double value, double scale) {
        return Math.round(value * scale) / scale;
    }
}
