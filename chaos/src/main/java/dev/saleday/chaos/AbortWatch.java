package dev.saleday.chaos;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * guards.abortWhen, watched on its own thread (so that an abort is not queued behind a fault in progress): polls
 * the {@link AbortGuard} every poll interval and hands its reason to the run once it fires.
 */
final class AbortWatch {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "saleday-abort-guard");
        t.setDaemon(true);
        return t;
    });

    /**
     * Starts polling; with no guard (abortWhen: never) it only waits to be shut down.
     *
     * @param guard   null when the plan never aborts
     * @param stopped whether the run stopped already: nothing more is polled
     * @param abort   called with the reason, on the watch's thread
     */
    AbortWatch(AbortGuard guard, Duration pollInterval, PrintStream console, BooleanSupplier stopped,
               Consumer<String> abort) {
        if (guard == null) {
            return;
        }
        long period = pollInterval.toMillis();
        executor.scheduleAtFixedRate(() -> {
            if (stopped.getAsBoolean()) {
                return;
            }
            try {
                String reason = guard.observe();
                if (reason != null) {
                    abort.accept(reason);
                }
            } catch (RuntimeException e) {
                console.println("saleday chaos: abort guard could not read the prober: " + e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /** Stops polling; an abort in progress finishes its undos. */
    void shutdown() {
        executor.shutdown();
    }

    void awaitTermination(Duration timeout) throws InterruptedException {
        executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
