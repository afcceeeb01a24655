package dev.saleday.simulations;

/**
 * Watches a load run as it goes, e.g. for the CLI's progress line and its phase markers. Called from the load's
 * recorder thread: return quickly and do not throw (a throwing listener is logged and ignored).
 */
public interface LoadListener {

    /** The load started: phase boundaries are {@code loadStartMs} plus the plan's phase offsets. */
    default void onLoadStart(long loadStartMs) {
    }

    /** Once a second, the second that just closed. */
    default void onSecond(LoadProgress progress) {
    }

    LoadListener NONE = new LoadListener() {
    };
}
