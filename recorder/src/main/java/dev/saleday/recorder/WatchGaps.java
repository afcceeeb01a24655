package dev.saleday.recorder;

import dev.saleday.records.TimelineWriter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Marks in the timeline the spans when the recorder was not watching (a control-plane outage, a lost connection):
 * a {@code gap} line {@code start} when a watch has been down for two polls in a row, {@code end} once every watch
 * is up again. What changed meanwhile is recorded when the informers see it, after the gap: replayed from their last
 * resourceVersion, or, when the API server's history no longer reaches back (410 Gone), from a relist; either way the
 * gap bounds the changes whose time the timeline does not know. A watch's ordinary reconnect (shorter than two polls)
 * is not a gap.
 */
final class WatchGaps implements AutoCloseable {

    static final long POLL_MILLIS = 250;

    private final Map<String, BooleanSupplier> watching;
    private final TimelineWriter timeline;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "saleday-recorder-gaps");
        t.setDaemon(true);
        return t;
    });
    private long downSinceMillis = -1;
    private int downPolls;
    private boolean inGap;

    /** @param watching each watch by name (pods, deployments, ...) and whether it is up */
    WatchGaps(Map<String, BooleanSupplier> watching, TimelineWriter timeline) {
        this.watching = new LinkedHashMap<>(watching);
        this.timeline = timeline;
    }

    WatchGaps start() {
        timer.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Timer thread: one look at every watch. */
    void poll() {
        List<String> down = new ArrayList<>();
        watching.forEach((name, up) -> {
            if (!up.getAsBoolean()) {
                down.add(name);
            }
        });
        long now = System.currentTimeMillis();
        if (!down.isEmpty()) {
            if (downPolls++ == 0) {
                downSinceMillis = now;
            }
            if (!inGap && downPolls >= 2) {
                inGap = true;
                Map<String, Object> line = timeline.line("gap");
                line.put("t", downSinceMillis);
                line.put("event", "start");
                line.put("watches", down);
                line.put("message", "not watching " + String.join(", ", down)
                        + ": changes until the gap ends are recorded when seen, after it");
                timeline.append(line);
            }
            return;
        }
        if (inGap) {
            Map<String, Object> line = timeline.line("gap");
            line.put("event", "end");
            line.put("durationMillis", now - downSinceMillis);
            line.put("message", "watching again");
            timeline.append(line);
        }
        inGap = false;
        downPolls = 0;
        downSinceMillis = -1;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
