package dev.saleday.simulations;

/**
 * Whether the injector kept up with the plan. A run whose injector fell behind measures the injector, not the
 * target.
 *
 * @param intendedRequests     arrivals the plan asked this injector for
 * @param sentRequests         requests it started
 * @param achievedFraction     sent / intended (1 when nothing was intended)
 * @param secondsBehind        seconds (with at least 20 intended arrivals) that sent less than
 *                             {@code minAchievedFraction} of intended
 * @param secondsCpuPinned     seconds with the host's CPU at 95 % or more
 * @param seconds              seconds of load recorded
 * @param behind               achieved < {@code minAchievedFraction} of intended overall, or the CPU pinned for a
 *                             tenth of the run or more
 * @param minAchievedFraction  the plan's {@code slo.minAchievedRate}: the share the injector had to achieve
 */
public record InjectorHealth(
        long intendedRequests,
        long sentRequests,
        double achievedFraction,
        int secondsBehind,
        int secondsCpuPinned,
        int seconds,
        boolean behind,
        double minAchievedFraction) {

    public static final double PINNED_CPU = 0.95;

    /** @return a multi-line warning when {@link #behind}, else an empty string */
    public String warning() {
        if (!behind) {
            return "";
        }
        String bar = "!".repeat(100);
        return bar + "\n"
                + "!!! THE INJECTOR FELL BEHIND: this run measures the injector, not the target.\n"
                + String.format("!!! sent %d of %d intended requests (%.1f %%, minimum %.0f %%); %d of %d seconds behind;"
                        + " host CPU pinned (>= %.0f %%) in %d seconds.%n",
                sentRequests, intendedRequests, achievedFraction * 100, minAchievedFraction * 100, secondsBehind, seconds,
                PINNED_CPU * 100, secondsCpuPinned)
                + "!!! Lower traffic.scale, shard the load over more injectors (shard=i/n), or give the injector its own host.\n"
                + bar;
    }
}
