package dev.saleday.plan;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The promises a run is judged by. Empty lists and null members mean "not checked".
 *
 * @param latency               latency bounds, per phase or overall
 * @param errors                error-rate bounds, per phase or overall
 * @param zeroDowntime          failed-request budgets per fault
 * @param scaleUp               the autoscaler's scale-up promise, or null
 * @param scaleDown             the autoscaler's scale-down promise, or null
 * @param rollouts              rollout duration bounds per rollout fault
 * @param minAchievedRateFraction the run is INVALID when the injector achieved less than this share of the
 *                              intended arrivals (default 0.95)
 * @param maxInjectionLag       the run is INVALID when the injector fell further than this behind the plan's
 *                              schedule (default 2 s): it sent the right number of requests at the wrong time
 * @param balance               how evenly the ready pods share the answers, per phase
 * @param hostHeadroom          when the host starved our own processes of CPU, the checks measured meanwhile are
 *                              unreliable and the run is INVALID
 * @param maxSendLag            the run is INVALID when a request left later than this after its intended send time
 *                              (default 1 s): the injector stalled
 */
public record Slo(
        List<Latency> latency,
        List<Errors> errors,
        List<ZeroDowntime> zeroDowntime,
        ScaleUp scaleUp,
        ScaleDown scaleDown,
        List<RolloutTime> rollouts,
        double minAchievedRateFraction,
        Duration maxInjectionLag,
        List<Balance> balance,
        HostHeadroom hostHeadroom,
        Duration maxSendLag) {


    public Slo {
        java.util.Objects.requireNonNull(maxInjectionLag, "maxInjectionLag");
        java.util.Objects.requireNonNull(maxSendLag, "maxSendLag");
        latency = List.copyOf(latency);
        errors = List.copyOf(errors);
        zeroDowntime = List.copyOf(zeroDowntime);
        rollouts = List.copyOf(rollouts);
        balance = List.copyOf(balance);
    }

    /** With the default injection lag bound and no balance bound. */
    public Slo(List<Latency> latency, List<Errors> errors, List<ZeroDowntime> zeroDowntime, ScaleUp scaleUp,
               ScaleDown scaleDown, List<RolloutTime> rollouts, double minAchievedRateFraction) {
        this(latency, errors, zeroDowntime, scaleUp, scaleDown, rollouts, minAchievedRateFraction,
                PlanDefaults.MAX_INJECTION_LAG, List.of());
    }

    /** With the default host headroom and send lag bounds. */
    public Slo(List<Latency> latency, List<Errors> errors, List<ZeroDowntime> zeroDowntime, ScaleUp scaleUp,
               ScaleDown scaleDown, List<RolloutTime> rollouts, double minAchievedRateFraction,
               Duration maxInjectionLag, List<Balance> balance) {
        this(latency, errors, zeroDowntime, scaleUp, scaleDown, rollouts, minAchievedRateFraction, maxInjectionLag,
                balance, PlanDefaults.HOST_HEADROOM, PlanDefaults.MAX_SEND_LAG);
    }

    /**
     * When the host starved our own processes (the injector, the local pods) of CPU. A second is starved when other
     * work at a priority that does not yield to ours took half a CPU or more and the injector's threads waited in the run queue at least {@code maxInjectorWait} in it, or the local pods' processes
     * spent at least {@code maxPodWaitFraction} of their runnable time waiting for a CPU; a starved stretch longer
     * than {@code maxStarved} makes the checks whose windows it overlaps unreliable, and the run INVALID. How busy
     * the host was does not count: work that yields (a niced job) starves nobody.
     *
     * @param maxInjectorWait    run-queue wait of the injector's threads (summed) per second
     * @param maxPodWaitFraction the pods' run-queue wait over their runnable time (wait + CPU), 0..1
     * @param maxStarved         the longest starved stretch tolerated (a collection, a compile burst)
     */
    public record HostHeadroom(Duration maxInjectorWait, double maxPodWaitFraction, Duration maxStarved) {
        public HostHeadroom {
            java.util.Objects.requireNonNull(maxInjectorWait, "maxInjectorWait");
            java.util.Objects.requireNonNull(maxStarved, "maxStarved");
        }
    }

    /** Percentiles a latency bound may name, with their plan keys. */
    public enum Percentile {
        P50("p50", 50), P75("p75", 75), P90("p90", 90), P95("p95", 95), P99("p99", 99), P999("p999", 99.9),
        MAX("max", 100);

        private final String key;
        private final double percentile;

        Percentile(String key, double percentile) {
            this.key = key;
            this.percentile = percentile;
        }

        public String key() {
            return key;
        }

        /** @return the percentile as HdrHistogram takes it, 0..100 */
        public double percentile() {
            return percentile;
        }
    }

    /**
     * @param phase  the phase the bounds apply to; null means the whole run
     * @param bounds the bound per percentile, in file order
     */
    public record Latency(String phase, Map<Percentile, Duration> bounds) {
        public Latency {
            bounds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(bounds));
        }
    }

    /**
     * @param phase   the phase; null means the whole run
     * @param maxRate the highest acceptable share of failed requests, a fraction
     */
    public record Errors(String phase, double maxRate) {
    }

    /**
     * @param fault         the fault whose failure windows are counted
     * @param maxFailed     the most failed requests attributed to it
     * @param recoverWithin success rate and p99 must be back within bounds this long after it; null = not checked
     */
    public record ZeroDowntime(String fault, long maxFailed, Duration recoverWithin) {
    }

    /**
     * @param afterPhase        the phase whose start the clock counts from
     * @param replicas          the replicas to reach (desired and ready)
     * @param within            how long it may take to have that many ready
     * @param p99RecoversWithin p99 must be back under the phase's bound this long after the phase starts; null = not
     *                          checked
     */
    public record ScaleUp(String afterPhase, int replicas, Duration within, Duration p99RecoversWithin) {
    }

    /**
     * @param afterPhase     the phase whose start the clock counts from
     * @param replicasAtMost replicas to come down to
     * @param within         how long it may take
     */
    public record ScaleDown(String afterPhase, int replicasAtMost, Duration within) {
    }

    /**
     * @param fault  a rollout fault
     * @param within the rollout must be complete (all replicas updated and available) this long after it started
     */
    public record RolloutTime(String fault, Duration within) {
    }

    /**
     * How evenly the Service spreads the load over the pods that were ready: in each 10 s window of the phase, the
     * busiest of the pods ready through the whole window may answer at most {@code maxSkew} times their mean.
     *
     * @param phase   the phase judged
     * @param maxSkew the busiest pod's answers over the mean of the ready pods' answers, >= 1
     */
    public record Balance(String phase, double maxSkew) {
    }
}
