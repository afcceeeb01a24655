package dev.saleday.chaos;

import java.time.Duration;

/** The pause between two polls of a condition (never a stand-in for one). */
final class Sleeper {
    private Sleeper() {
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UndoException("interrupted while waiting", e);
        }
    }
}
