package dev.saleday.chaos;

import dev.saleday.plan.Fault;
import dev.saleday.plan.PlanSchedule;
import dev.saleday.plan.Trigger;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * When the plan's faults fire, on one thread (firings run one at a time): the timed ones ({@code at}, each
 * {@code every}) at their offsets from the load's start as the plan's clock ({@link PlanSchedule}) has them; the
 * conditional ones ({@code when}) once their condition has held for its time, polled from the load's start to its
 * end. Also runs the delayed undos ({@code revertAfter}) on the same thread.
 */
final class TriggerScheduler {

    private final PlanSchedule schedule;
    private final ObservedState observed;
    private final LongSupplier clockMillis;
    private final Duration pollInterval;
    private final PrintStream console;
    private final BooleanSupplier stopped;
    private final Consumer<Fault> fire;
    private final ScheduledThreadPoolExecutor executor;

    /**
     * @param stopped whether the run stopped injecting (abort, close): a conditional fault stops watching
     * @param fire    fires one fault, on the scheduler's thread
     */
    TriggerScheduler(PlanSchedule schedule, ObservedState observed, LongSupplier clockMillis, Duration pollInterval,
                     PrintStream console, BooleanSupplier stopped, Consumer<Fault> fire) {
        this.schedule = schedule;
        this.observed = observed;
        this.clockMillis = clockMillis;
        this.pollInterval = pollInterval;
        this.console = console;
        this.stopped = stopped;
        this.fire = fire;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "saleday-chaos");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    /** The load started at {@code loadStartMillis}: schedules every firing of the plan from it. */
    void start(long loadStartMillis) {
        for (PlanSchedule.Firing firing : schedule.firings()) {
            long atMillis = loadStartMillis + firing.offset().toMillis();
            submit(() -> fire.accept(firing.fault()), Math.max(0, atMillis - clockMillis.getAsLong()));
        }
        for (Fault fault : schedule.conditionalFaults()) {
            watch(fault, (Trigger.When) fault.trigger(), loadStartMillis, loadStartMillis + schedule.loadMillis());
        }
    }

    /** Runs {@code task} on the scheduler's thread after {@code delayMillis}; nothing once shut down. */
    void submit(Runnable task, long delayMillis) {
        if (!executor.isShutdown()) {
            executor.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    console.println("saleday chaos: unexpected " + e);
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Polls the condition from the load start to its end; fires once it has held for holdFor. */
    private void watch(Fault fault, Trigger.When when, long loadStartMillis, long loadEndMillis) {
        long[] heldSince = {-1};
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        long delay = Math.max(0, loadStartMillis - clockMillis.getAsLong());
        synchronized (heldSince) {
            self[0] = executor.scheduleAtFixedRate(() -> {
                synchronized (heldSince) {
                    long now = clockMillis.getAsLong();
                    if (stopped.getAsBoolean() || now >= loadEndMillis) {
                        self[0].cancel(false);
                        return;
                    }
                    if (!observed.holds(when.condition())) {
                        heldSince[0] = -1;
                        return;
                    }
                    if (heldSince[0] < 0) {
                        heldSince[0] = now;
                    }
                    if (now - heldSince[0] >= when.holdFor().toMillis()) {
                        self[0].cancel(false);
                        fire.accept(fault);
                    }
                }
            }, delay, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops taking firings; those not yet due never run. */
    void shutdown() {
        executor.shutdown();
    }

    /** Waits for a firing in progress to finish, at most {@code timeout}, then interrupts it. */
    void awaitTermination(Duration timeout) throws InterruptedException {
        if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            executor.shutdownNow();
        }
    }
}
