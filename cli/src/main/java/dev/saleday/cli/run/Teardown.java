package dev.saleday.cli.run;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a run started, to stop in reverse order exactly once: at the end of the run, on an error, or from the
 * shutdown hook on Ctrl-C/SIGTERM (whichever comes first; the other waits for it).
 */
final class Teardown {

    /** One thing to stop, with a name for the message when stopping it fails. */
    private record Step(String name, AutoCloseable closeable) {
    }

    private final Deque<Step> steps = new ArrayDeque<>();
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
