package dev.saleday.cli.run;

import sun.misc.Signal;

/**
 * A second Ctrl-C/SIGTERM while the first one's shutdown runs. The JVM ignores signals once it is shutting down, so
 * the run's interrupt handling listens itself: what it does first (reading the injectors' records) may take a while,
 * and a second signal means "stop now", as in kubectl and Gatling.
 */
final class SecondSignal {

    private SecondSignal() {
    }

    /** From now on, SIGINT and SIGTERM run {@code action} (on the JVM's signal thread) instead of a shutdown. */
    static void onEither(Runnable action) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> action.run());
            } catch (IllegalArgumentException e) {
                // the signal is not handled on this platform (or the JVM runs with -Xrs): the budget still bounds it
            }
        }
    }
}
