package dev.saleday.simulations;

/**
 * One closed second of load, as this injector saw it.
 *
 * @param t               the second (epoch milliseconds, a multiple of 1000)
 * @param elapsedMillis   from the load start to the end of that second
 * @param totalMillis     the planned length of the load
 * @param phase           the phase running at the start of that second, or null outside the load
 * @param intendedRps     arrivals the plan asked this injector for in that second
 * @param sentRps         requests it started in that second
 * @param okRps           answers that passed the checks in that second
 * @param failedRps       answers that failed (status, body, timeout, connection) in that second
 * @param recentP99Millis p99 response time of the answers of the last 5 seconds, -1 when there were none
 * @param hostCpu         the injector host's CPU load 0..1, -1 unknown
 */
public record LoadProgress(
        long t,
        long elapsedMillis,
        long totalMillis,
        String phase,
        long intendedRps,
        long sentRps,
        long okRps,
        long failedRps,
        double recentP99Millis,
        double hostCpu) {

    /** @return e.g. {@code [ 42s/270s] peak  intended 1000/s  sent 998/s  failed 0/s  p99 12ms  cpu 64%} */
    public String line() {
        return String.format("[%4ds/%ds] %-12s intended %d/s  sent %d/s  failed %d/s  p99 %s  cpu %s",
                elapsedMillis / 1000, totalMillis / 1000, phase == null ? "-" : phase, intendedRps, sentRps, failedRps,
                recentP99Millis < 0 ? "-" : String.format("%.0fms", recentP99Millis),
                hostCpu < 0 ? "-" : String.format("%.0f%%", hostCpu * 100));
    }
}
