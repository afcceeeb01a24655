package dev.saleday.cli.run;

import dev.saleday.simulations.LoadProgress;
import java.util.Locale;

/**
 * The line printed each second of a run:
 * {@code [  42s/ 270s] peak       rate 200/198 req/s  errors 0/s  p99 12ms  replicas 3/4  next kill-30pc in 8s}.
 */
final class ProgressLine {

    private ProgressLine() {
    }

    /**
     * @param progress        the second that just closed, as the injector saw it
     * @param readyOfDesired  the target Deployment's ready/desired replicas, e.g. {@code 3/4}
     * @param nextFault       the next fault and when, e.g. {@code kill-30pc in 8s}
     */
    static String format(LoadProgress progress, String readyOfDesired, String nextFault) {
        String p99 = progress.recentP99Millis() < 0 ? "-" : Math.round(progress.recentP99Millis()) + "ms";
        return String.format(Locale.ROOT, "[%4ds/%4ds] %-10s rate %d/%d req/s  errors %d/s  p99 %s  replicas %s  next %s",
                progress.elapsedMillis() / 1000, progress.totalMillis() / 1000,
                progress.phase() == null ? "-" : progress.phase(), progress.intendedRps(), progress.sentRps(),
                progress.failedRps(), p99, readyOfDesired, nextFault);
    }
}
