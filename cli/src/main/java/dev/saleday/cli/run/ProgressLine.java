package dev.saleday.cli.run;

import dev.saleday.simulations.LoadProgress;
import dev.saleday.records.HostSample;
import java.util.Locale;

/**
 * The line printed each second of a run:
 * {@code [  42s/ 270s] peak       rate 200/198 req/s  errors 0/s  p99 12ms  replicas 3/4  cpu wait 40ms/s 6%
 * next kill-30pc in 8s}: {@code cpu wait} is how long our own processes waited for a CPU in the last second
 * (host.jsonl): the injector's threads in ms a second, the local pods as a share of their runnable time.
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
        return format(progress, readyOfDesired, null, nextFault);
    }

    /** @param cpuWait our processes' CPU wait ({@link #cpuWait}), or null when the host is not recorded */
    static String format(LoadProgress progress, String readyOfDesired, String cpuWait, String nextFault) {
        String p99 = progress.recentP99Millis() < 0 ? "-" : Math.round(progress.recentP99Millis()) + "ms";
        // several injectors report their sent counts each second; their answers are read when the load is over
        String errors = progress.failedRps() < 0 ? "-" : Long.toString(progress.failedRps());
        return String.format(Locale.ROOT, "[%4ds/%4ds] %-10s rate %d/%d req/s  errors %s/s  p99 %s  replicas %s%s  next %s",
                progress.elapsedMillis() / 1000, progress.totalMillis() / 1000,
                progress.phase() == null ? "-" : progress.phase(), progress.intendedRps(), progress.sentRps(),
                progress.failedRps(), p99, readyOfDesired, cpuWait == null ? "" : "  cpu wait " + cpuWait, nextFault);
    }

    /**
     * @return e.g. {@code 40ms/s 6% others 0.1cpu}: the injector's run-queue wait, the pods' wait share, and the CPU
     *         other work at our priority took (when known); {@code -} unknown
     */
    static String cpuWait(HostSample second) {
        if (second == null) {
            return "-";
        }
        Double injector = second.injector() == null ? null : second.injector().waitMsPerS();
        double podWait = 0;
        double podRunnable = 0;
        for (HostSample.Pod pod : second.pods()) {
            if (pod.waitMsPerS() != null && pod.cpuMsPerS() != null) {
                podWait += pod.waitMsPerS();
                podRunnable += pod.waitMsPerS() + pod.cpuMsPerS();
            }
        }
        String injectorPart = injector == null ? "-" : Math.round(injector) + "ms/s";
        String wait = podRunnable > 0 ? injectorPart + " " + Math.round(100 * podWait / podRunnable) + "%"
                : injectorPart;
        return second.contendingCpuMsPerS() == null ? wait
                : String.format(Locale.ROOT, "%s others %.1fcpu", wait, second.contendingCpuMsPerS() / 1000);
    }
}
