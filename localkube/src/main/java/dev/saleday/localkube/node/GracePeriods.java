package dev.saleday.localkube.node;

import java.time.Duration;

/**
 * The kubelet's grace-period arithmetic, as Kubernetes has it (pkg/kubelet):
 * <ol>
 *   <li>The pod's effective grace period ({@code pod_workers.go}, {@code calculateEffectiveGracePeriod}): the API
 *       server's {@code deletionGracePeriodSeconds} when it is set (0 too: a force delete), else the pod's
 *       {@code spec.terminationGracePeriodSeconds}; "no matter what, we always supply a grace period of 1".</li>
 *   <li>Per container ({@code kuberuntime/kuberuntime_container.go}, {@code killContainer}): the preStop hook runs
 *       only when that grace period is above 0, and is waited for at most that many seconds
 *       ({@code executePreStopHook}); the whole seconds it took (truncated) come off the grace period; then "always
 *       give containers a minimal shutdown window to avoid unnecessary SIGKILLs":
 *       {@code minimumGracePeriodInSeconds = 2}. SIGTERM, and SIGKILL that many seconds later
 *       ({@code StopContainer(containerID, gracePeriod)}).</li>
 * </ol>
 * So a pod deleted with grace 0 (removed from the API at once) still gets its preStop for up to 1 s, then SIGTERM,
 * then SIGKILL 2 s later; a container whose preStop used up its grace period still gets 2 s after SIGTERM.
 */
final class GracePeriods {

    /** {@code minimumGracePeriodInSeconds} in kuberuntime_container.go. */
    static final long MINIMUM_SECONDS = 2;
    /** The kubelet's floor for a pod's effective grace period (pod_workers.go). */
    static final long POD_FLOOR_SECONDS = 1;
    /** The API server's default for {@code spec.terminationGracePeriodSeconds}. */
    static final long DEFAULT_SECONDS = 30;

    private GracePeriods() {
    }

    /**
     * @param deletionGraceSeconds {@code metadata.deletionGracePeriodSeconds} as the kubelet last saw it (null when
     *                             the pod was not deleted through the API, as for a failed probe)
     * @param specGraceSeconds     {@code spec.terminationGracePeriodSeconds} (null: the API default, 30)
     * @return the grace period the kubelet hands to each container's kill
     */
    static long podSeconds(Long deletionGraceSeconds, Long specGraceSeconds) {
        long seconds = deletionGraceSeconds != null ? deletionGraceSeconds
                : specGraceSeconds != null ? specGraceSeconds : DEFAULT_SECONDS;
        return Math.max(POD_FLOOR_SECONDS, seconds);
    }

    /** @return how long the preStop hook is waited for: the whole grace period, none when it is not above 0 */
    static Duration preStopLimit(long graceSeconds) {
        return graceSeconds > 0 ? Duration.ofSeconds(graceSeconds) : Duration.ZERO;
    }

    /**
     * @param graceSeconds   the container's grace period
     * @param preStopElapsed how long its preStop hook ran (zero without one)
     * @return the time between SIGTERM and SIGKILL
     */
    static Duration afterSigterm(long graceSeconds, Duration preStopElapsed) {
        long left = graceSeconds;
        if (graceSeconds > 0) {
            left -= preStopElapsed.toSeconds();
        }
        return Duration.ofSeconds(Math.max(MINIMUM_SECONDS, left));
    }
}
