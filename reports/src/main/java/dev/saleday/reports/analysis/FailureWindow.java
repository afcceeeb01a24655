package dev.saleday.reports.analysis;

/**
 * A contiguous run of failing seconds (a second fails when a load or probe request started in it failed),
 * attributed to the fault active or most recently applied before it.
 *
 * @param fromMs       epoch ms, start of the first failing second
 * @param toMs         epoch ms, end of the last failing second
 * @param loadFailed   failed load requests in the window
 * @param probeFailed  failed probe requests in the window
 * @param failures     failed load and probe requests by kind
 * @param fault        the fault it is attributed to, or null when no fault had applied before it
 */
public record FailureWindow(long fromMs, long toMs, long loadFailed, long probeFailed, FailureCounts failures,
                            String fault) {

    public long durationMillis() {
        return toMs - fromMs;
    }

    public long failed() {
        return loadFailed + probeFailed;
    }
}
