package dev.saleday.cli.run;

import dev.saleday.plan.Phase;
import dev.saleday.plan.Plan;
import dev.saleday.records.TimelineWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes each phase's start and end into timeline.jsonl at the moment it happens, on the run's one clock (the load
 * start plus the plan's phase offsets). Closing writes the end of a phase still running (an interrupted run).
 */
final class PhaseMarkers implements AutoCloseable {

    private final Plan plan;
    private final TimelineWriter timeline;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "saleday-phase-markers");
        thread.setDaemon(true);
        return thread;
    });
    private volatile String running;
    private volatile boolean closed;

    PhaseMarkers(Plan plan, TimelineWriter timeline) {
        this.plan = plan;
        this.timeline = timeline;
    }

    /** Schedules every marker from the load start (epoch ms). */
    void start(long loadStartMs) {
        long offsetMillis = 0;
        for (Phase phase : plan.traffic().phases()) {
            long startMs = loadStartMs + offsetMillis;
            long endMs = startMs + phase.duration().toMillis();
            schedule(() -> mark(phase.name(), "start", startMs), startMs);
            schedule(() -> mark(phase.name(), "end", endMs), endMs);
            offsetMillis += phase.duration().toMillis();
        }
    }

    private void schedule(Runnable marker, long atMs) {
        executor.schedule(marker, Math.max(0, atMs - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
    }

    private synchronized void mark(String phase, String event, long atMs) {
        if (closed) {
            return;
        }
        timeline.phase(phase, event, atMs);
        running = event.equals("start") ? phase : null;
    }

    /** Stops the markers; a phase still running gets its end now. Idempotent. */
    @Override
    public void close() {
        executor.shutdownNow();
        synchronized (this) {
            if (!closed && running != null) {
                timeline.phase(running, "end", System.currentTimeMillis());
            }
            closed = true;
        }
    }
}
