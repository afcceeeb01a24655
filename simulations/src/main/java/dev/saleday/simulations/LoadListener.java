package dev.saleday.simulations;

/**
 * Watches a load run as it goes, e.g. for the CLI's progress line and its phase markers. Called from the load's
 * recorder thread: return quickly and do not throw (a throwing listener is logged and ignored).
 */
public interface LoadListener {

    /**
     * Gatling is ready to inject (the simulation built, the connections' pool set up): the load starts when this
     * returns. Called once, on Gatling's thread, before {@link #onLoadStart}; an injector of several waits here for
     * the start instant they share.
     */
    default void beforeLoad() {
    }

    /** The load started: phase boundaries are {@code loadStartMs} plus the plan's phase offsets. */
    default void onLoadStart(long loadStartMs) {
    }

    /** Once a second, the second that just closed. */
    default void onSecond(LoadProgress progress) {
    }

    LoadListener NONE = new LoadListener() {
    };
}
