package dev.saleday.reports.checks;

import dev.saleday.reports.analysis.SecondStats;
import java.util.List;
import java.util.function.Predicate;

/** When a condition over the seconds is back for good: it holds for {@link #STABLE_SECONDS} in a row. */
final class Recovery {

    /** Seconds a condition must hold in a row to count as recovered (or until the recorded end). */
    static final int STABLE_SECONDS = 5;

    private Recovery() {
    }

    /**
     * @return the epoch ms of the start of the first second at or after {@code fromMs} from which {@code healthy}
     *         holds for {@link #STABLE_SECONDS} seconds (or every second to the end of the records), or -1 if never
     */
    static long recoveredAtMs(List<SecondStats> seconds, long fromMs, Predicate<SecondStats> healthy) {
        int run = 0;
        long runStartMs = -1;
        for (SecondStats second : seconds) {
            if (second.startMs() + 1000 <= fromMs) {
                continue;
            }
            if (healthy.test(second)) {
                if (run == 0) {
                    runStartMs = second.startMs();
                }
                run++;
                if (run >= STABLE_SECONDS) {
                    return runStartMs;
                }
            } else {
                run = 0;
            }
        }
        return run > 0 ? runStartMs : -1;
    }

    /** @return the seconds between {@code fromMs} and {@code recoveredAtMs}, 0 when it never went bad; NaN for -1 */
    static double secondsBetween(long fromMs, long recoveredAtMs) {
        if (recoveredAtMs < 0) {
            return Double.NaN;
        }
        return Math.max(0, recoveredAtMs - fromMs) / 1000.0;
    }
}
