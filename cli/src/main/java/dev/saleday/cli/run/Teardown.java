package dev.saleday.cli.run;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What a run started, to stop in reverse order exactly once: at the end of the run, on an error, or from the
 * shutdown hook on Ctrl-C/SIGTERM (whichever comes first; the other waits for it). On Ctrl-C/SIGTERM only, the
 * salvage steps run first ({@link #salvage}): what must be read before the things that hold it are stopped.
 */
final class Teardown {

    /** One thing to stop, with a name for the message when stopping it fails. */
    private record Step(String name, AutoCloseable closeable) {
    }

    private final Deque<Step> steps = new ArrayDeque<>();
    private final List<Salvage> salvages = new ArrayList<>();
    private volatile Thread salvaging;
    private volatile boolean salvageCut;
    /** Set when the salvage is cut short: no further step starts. */
    private volatile boolean salvageStopped;
    private final PrintWriter err;
    private boolean done;

    Teardown(PrintWriter err) {
        this.err = err;
    }

    synchronized <T extends AutoCloseable> T add(String name, T closeable) {
        if (done) {
            throw new IllegalStateException("the run is being torn down");
        }
        steps.push(new Step(name, closeable));
        return closeable;
    }

    /** Something to save before the teardown on an interrupt, with a name for the console. */
    private record Salvage(String name, Runnable action) {
    }

    /** Adds a step that {@link #salvage} runs on Ctrl-C/SIGTERM, before anything is stopped. */
    synchronized void addSalvage(String name, Runnable action) {
        salvages.add(new Salvage(name, action));
    }

    /**
     * Runs the salvage steps in the order added, on a thread of their own, within {@code budget} in all: a step still
     * running when the budget is spent or when {@link #cutSalvageShort()} is called (a second Ctrl-C/SIGTERM) is
     * interrupted and the rest skipped. Never throws; the teardown comes after it either way.
     */
    void salvage(Duration budget) {
        List<Salvage> toRun;
        synchronized (this) {
            toRun = List.copyOf(salvages);
        }
        if (toRun.isEmpty()) {
            return;
        }
        Thread thread = new Thread(() -> {
            for (Salvage salvage : toRun) {
                if (salvageStopped || Thread.currentThread().isInterrupted()) {
                    return;
                }
                try {
                    salvage.action().run();
                } catch (RuntimeException e) {
                    err.println("saleday: " + salvage.name() + " failed: " + e.getMessage());
                    err.flush();
                }
            }
        }, "saleday-salvage");
        thread.setDaemon(true);
        salvaging = thread;
        thread.start();
        long deadline = System.nanoTime() + budget.toNanos();
        try {
            while (thread.isAlive() && !salvageCut && System.nanoTime() < deadline) {
                thread.join(100); // until it ends, the budget is spent or a second signal cuts it short
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive() || salvageCut) {
            salvageStopped = true;
            err.println("saleday: " + toRun.get(0).name() + (toRun.size() > 1 ? " and the rest" : "")
                    + " cut short (" + (salvageCut ? "interrupted again" : budget.toMillis() + " ms spent")
                    + "); stopping now");
            err.flush();
            thread.interrupt();
        }
        salvaging = null;
    }

    /** A second Ctrl-C/SIGTERM: what {@link #salvage} runs is cut short now. */
    void cutSalvageShort() {
        salvageCut = true;
        salvageStopped = true;
        Thread thread = salvaging;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Stops everything added, newest first; a failure is reported and the rest still stopped. Idempotent. */
    synchronized void run() {
        done = true;
        while (!steps.isEmpty()) {
            Step step = steps.pop();
            try {
                step.closeable().close();
            } catch (Exception e) {
                err.println("saleday: stopping " + step.name() + " failed: " + e);
                err.flush();
            }
        }
    }
}
