package dev.saleday.localkube.controllers.hpa;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether the HPA sets a pod's CPU sample aside as "unready", as replica_calculator.go's {@code groupPods} decides
 * for CPU:
 * <pre>
 * if condition == nil || pod.Status.StartTime == nil { unready = true }
 * else if pod.Status.StartTime.Add(cpuInitializationPeriod).After(time.Now()) {
 *     // Ignore sample if pod is unready or one window of metric wasn't collected since last state transition.
 *     unready = condition.Status == v1.ConditionFalse || metric.Timestamp.Before(condition.LastTransitionTime.Time.Add(metric.Window))
 * } else {
 *     // Ignore metric if pod is unready and it has never been ready.
 *     unready = condition.Status == v1.ConditionFalse && pod.Status.StartTime.Add(delayOfInitialReadinessStatus).After(condition.LastTransitionTime.Time)
 * }
 * </pre>
 * So after its first 5 minutes a pod that was ready once counts with its CPU even while it is not ready now; only one
 * that has not been ready since its first 30 s is set aside. Pending and terminating pods are set aside (and ignored)
 * before this.
 */
public final class CpuReadiness {

    /** {@code --horizontal-pod-autoscaler-cpu-initialization-period}. */
    static final Duration CPU_INITIALIZATION_PERIOD = Duration.ofMinutes(5);
    /** {@code --horizontal-pod-autoscaler-initial-readiness-delay}. */
    static final Duration INITIAL_READINESS_DELAY = Duration.ofSeconds(30);

    private CpuReadiness() {
    }

    /**
     * @param startTime          {@code status.startTime} (null: unready)
     * @param ready              the Ready condition's status (null: no condition, unready)
     * @param readyTransition    the Ready condition's lastTransitionTime
     * @param metricTimestamp    when the CPU sample was taken (the end of its window)
     * @param metricWindow       the sample's window
     */
    public static boolean unready(Instant startTime, Boolean ready, Instant readyTransition, Instant metricTimestamp,
                           Duration metricWindow, Instant now) {
        if (ready == null || startTime == null || readyTransition == null) {
            return true;
        }
        if (startTime.plus(CPU_INITIALIZATION_PERIOD).isAfter(now)) {
            return !ready || metricTimestamp.isBefore(readyTransition.plus(metricWindow));
        }
        return !ready && startTime.plus(INITIAL_READINESS_DELAY).isAfter(readyTransition);
    }
}
