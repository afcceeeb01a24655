package dev.saleday.simulations;

import java.util.Locale;

/**
 * Whether the injector kept up with the plan, and apart from it whether the host it ran on was starved. A run whose
 * injector fell behind measures the injector, not the target; a host pinned at full CPU while the injector still sent
 * every request on time is a different matter (the target's latency may carry the host's starvation, which the
 * analysis judges as validity.hostHeadroom), so it gets its own notice rather than the injector's.
 *
 * @param intendedRequests    arrivals the plan asked this injector for
 * @param sentRequests        requests it started
 * @param achievedFraction    sent / intended (1 when nothing was intended)
 * @param secondsBehind       seconds (with at least 20 intended arrivals) that sent less than
 *                            {@code minAchievedFraction} of intended
 * @param secondsCpuPinned    seconds with the host's CPU at {@link #PINNED_CPU} or more
 * @param seconds             seconds of load recorded
 * @param maxSendLagMillis    the latest any request left after its intended send time, in ms
 * @param minAchievedFraction the plan's {@code slo.minAchievedRate}: the share the injector had to achieve
 * @param sendLagBoundMillis  the plan's {@code slo.maxSendLag} in ms: later than this, the injector stalled
 */
public record InjectorHealth(
        long intendedRequests,
        long sentRequests,
        double achievedFraction,
        int secondsBehind,
        int secondsCpuPinned,
        int seconds,
        long maxSendLagMillis,
        double minAchievedFraction,
        long sendLagBoundMillis) {

    public static final double PINNED_CPU = 0.95;
    /** The host counts as starved when its CPU was pinned this share of the run's seconds (and at least 3). */
    public static final double PINNED_SHARE = 0.1;

    /** @return whether the injector fell behind: it sent under the plan's minimum share, or a request left late */
    public boolean behind() {
        return achievedFraction < minAchievedFraction || maxSendLagMillis > sendLagBoundMillis;
    }

    /** @return whether the host's CPU was pinned for a tenth of the run or more (at least 3 seconds) */
    public boolean hostStarved() {
        return seconds > 0 && secondsCpuPinned >= Math.max(3, Math.ceil(PINNED_SHARE * seconds));
    }

    /** @return a multi-line warning when the injector is {@link #behind}, else an empty string */
    public String warning() {
        if (!behind()) {
            return "";
        }
        String bar = "!".repeat(100);
        return bar + "\n"
                + "!!! THE INJECTOR FELL BEHIND: this run measures the injector, not the target.\n"
                + String.format(Locale.ROOT, "!!! sent %d of %d intended requests (%.1f %%, minimum %.0f %%); %d of %d"
                        + " seconds behind; latest send %d ms after its intended time (bound %d ms); host CPU pinned"
                        + " (>= %.0f %%) in %d seconds.%n",
                sentRequests, intendedRequests, achievedFraction * 100, minAchievedFraction * 100, secondsBehind,
                seconds, maxSendLagMillis, sendLagBoundMillis, PINNED_CPU * 100, secondsCpuPinned)
                + "!!! Lower traffic.scale, shard the load over more injectors (shard=i/n), or give the injector its own host.\n"
                + bar;
    }

    /**
     * @return one line when the host was {@link #hostStarved starved} while the injector kept up, else an empty
     * string (when the injector fell behind, {@link #warning()} already says so, the pinned seconds included)
     */
    public String hostNotice() {
        if (behind() || !hostStarved()) {
            return "";
        }
        return String.format(Locale.ROOT, "saleday: the host's CPU was pinned (>= %.0f %%) in %d of %d seconds; the"
                + " injector kept up (sent %d of %d intended requests, latest send %d ms late), but the target's"
                + " latency may include the host's starvation (see validity.hostHeadroom)", PINNED_CPU * 100,
                secondsCpuPinned, seconds, sentRequests, intendedRequests, maxSendLagMillis);
    }
}
