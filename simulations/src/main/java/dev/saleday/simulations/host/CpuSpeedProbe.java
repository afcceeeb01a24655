package dev.saleday.simulations.host;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * How fast each CPU of this machine runs a fixed computation now: one thread a CPU, pinned to it, times the same
 * work each second in its own CPU time. The host's other figures (busy, pressure, waits) cannot show a CPU that runs
 * slower: measured on this project's virtual machine, each virtual CPU ran the model's scoring loop 1.75x slower for a
 * minute at a time, on its own, with no steal time reported, and a pod on it was charged (and throttled at its quota)
 * for the longer work. A reading is the work's CPU time, µs: higher is slower.
 *
 * <p>Pinning asks {@code taskset} (util-linux) for each thread; where that is missing or refused, one unpinned
 * thread measures whichever CPU it is given, reported as CPU 0's, the others null. Nothing here can fail a run.
 */
public final class CpuSpeedProbe implements AutoCloseable {

    /**
     * The computation: the reference model's kind of work, a 32-float vector's dot products with 8192 others (1 MiB:
     * it lives in the shared cache, not the core's own), 4 passes, about 0.35 ms of CPU on this machine's fast CPUs. A
     * computation within the core's own cache (16 KiB) read the same on a CPU that ran this one 1.9x slower: what
     * slows a virtual CPU here is the memory under it, so the probe must touch memory as a model does.
     */
    static final int VECTORS = 8192;
    static final int DIMENSIONS = 32;
    static final int PASSES = 4;
    /** Rounds run before the first reading, so the JIT has compiled the computation. */
    static final int WARM_UP_ROUNDS = 100;
    static final long PERIOD_MS = 1000;

    private final AtomicReferenceArray<Double> latestMicros;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    private CpuSpeedProbe(int cpus) {
        this.latestMicros = new AtomicReferenceArray<>(cpus);
    }

    /** Starts one probe thread a CPU of this machine. */
    public static CpuSpeedProbe start() {
        return start(Runtime.getRuntime().availableProcessors());
    }

    static CpuSpeedProbe start(int cpus) {
        CpuSpeedProbe probe = new CpuSpeedProbe(cpus);
        for (int cpu = 0; cpu < cpus; cpu++) {
            int pinnedTo = cpu;
            Thread thread = new Thread(() -> probe.run(pinnedTo), "cpu-probe-" + cpu);
            thread.setDaemon(true);
            probe.threads.add(thread);
            thread.start();
        }
        return probe;
    }

    /** @return the latest reading of each CPU, µs of CPU for the computation (index = CPU; null: none yet) */
    public List<Double> latestMicros() {
        List<Double> readings = new ArrayList<>(latestMicros.length());
        for (int cpu = 0; cpu < latestMicros.length(); cpu++) {
            readings.add(latestMicros.get(cpu));
        }
        return readings;
    }

    private void run(int cpu) {
        if (!pin(cpu) && cpu > 0) {
            return; // unpinned, one thread measures what it is given: CPU 0's
        }
        ThreadMXBean threadsBean = ManagementFactory.getThreadMXBean();
        float[] data = new float[VECTORS * DIMENSIONS];
        for (int i = 0; i < data.length; i++) {
            data[i] = (i % 97) / 97f;
        }
        double sink = 0;
        for (int i = 0; i < WARM_UP_ROUNDS && !closed; i++) {
            sink += compute(data);
        }
        long next = System.nanoTime();
        while (!closed) {
            long before = threadsBean.getCurrentThreadCpuTime();
            sink += compute(data);
            long after = threadsBean.getCurrentThreadCpuTime();
            if (before >= 0 && after > before) {
                latestMicros.set(cpu, Math.round((after - before) / 100.0) / 10.0);
            }
            next += TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
            long sleepNanos = next - System.nanoTime();
            if (sleepNanos > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(sleepNanos);
                } catch (InterruptedException e) {
                    return;
                }
            } else {
                next = System.nanoTime();
            }
        }
        if (sink == 42) {
            System.out.print(""); // keeps the computation from being optimised away
        }
    }

    static double compute(float[] data) {
        double total = 0;
        for (int pass = 0; pass < PASSES; pass++) {
            for (int vector = 0; vector < VECTORS; vector++) {
                float dot = 0;
                int offset = vector * DIMENSIONS;
                for (int i = 0; i < DIMENSIONS; i++) {
                    dot += data[i] * data[offset + i];
                }
                total += dot;
            }
        }
        return total;
    }

    /** @return whether this thread is now bound to {@code cpu} alone */
    static boolean pin(int cpu) {
        try {
            String self = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString(); // PID/task/TID
            String tid = self.substring(self.lastIndexOf('/') + 1);
            Process taskset = new ProcessBuilder("taskset", "-pc", Integer.toString(cpu), tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return taskset.waitFor(5, TimeUnit.SECONDS) && taskset.exitValue() == 0;
        } catch (Exception e) {
            return false; // not Linux, no taskset, refused
        }
    }

    @Override
    public void close() {
        closed = true;
        threads.forEach(Thread::interrupt);
    }
}
