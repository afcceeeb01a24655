package dev.saleday.simulations.host;

import dev.saleday.records.HostFile;
import dev.saleday.records.JsonLinesWriter;
import dev.saleday.records.HostSample;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Writes host.jsonl: a line a second from the start of the load, each flushed, until closed, each with the CPUs'
 * latest speed readings ({@link CpuSpeedProbe}). A sample that fails is skipped (the line is missing, the next one
 * spans the gap); nothing here can fail the run.
 */
public final class HostRecorder implements AutoCloseable {

    static final long PERIOD_MILLIS = 1000;

    private final HostSampler sampler;
    private final JsonLinesWriter out;
    private final LongSupplier clockMs;
    private final ScheduledExecutorService ticker;
    private final CpuSpeedProbe cpuProbe;
    private volatile HostSample latest;

    private HostRecorder(HostSampler sampler, JsonLinesWriter out, LongSupplier clockMs, CpuSpeedProbe cpuProbe) {
        this.sampler = sampler;
        this.out = out;
        this.clockMs = clockMs;
        this.cpuProbe = cpuProbe;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "saleday-host-recorder");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Creates {@code runDir/host.jsonl}, takes the first reading now (the load's start) and one each second after.
     *
     * @param loadStartMs the load's start, epoch ms (written in the header)
     */
    public static HostRecorder start(Path runDir, long loadStartMs, long injectorPid, HostSampler sampler) {
        JsonLinesWriter out = HostFile.create(runDir,
                new HostFile.Header(loadStartMs, Runtime.getRuntime().availableProcessors(), injectorPid));
        HostRecorder recorder = new HostRecorder(sampler, out, System::currentTimeMillis, CpuSpeedProbe.start());
        recorder.ticker.scheduleAtFixedRate(recorder::tick, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return recorder;
    }

    private synchronized void tick() {
        try {
            sampler.sample(clockMs.getAsLong()).ifPresent(sampled -> {
                HostSample second = sampled.withCpuProbeUs(cpuProbe.latestMicros());
                latest = second;
                out.write(second);
                out.flush();
            });
        } catch (RuntimeException e) {
            System.err.println("saleday: host recorder: " + e); // this second is missing from host.jsonl
        }
    }

    /** @return the last second written, empty before the first */
    public java.util.Optional<HostSample> latest() {
        return java.util.Optional.ofNullable(latest);
    }

    /** Takes a last reading (the tail of the load) and closes the file. */
    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tick();
        cpuProbe.close();
        out.close();
    }
}
