package dev.saleday.plan;

import java.time.Duration;

/**
 * The embedded cluster's nodes ({@code target.nodes}, {@code cluster: local} only): what its scheduler, cluster
 * autoscaler and node lifecycle controller work with, so a plan can ask whether a scale-up finds room, or what a
 * machine's loss costs.
 *
 * @param count              nodes at start ({@code local-node-a}, {@code -b}, ...)
 * @param cpuMillicores      each node's allocatable CPU (requests are held to it)
 * @param memoryMiB          each node's allocatable memory
 * @param maxCount           the most nodes the cluster autoscaler grows to; {@code count} = no autoscaler
 * @param scaleUpDelay       how long a node the autoscaler adds takes to register Ready
 * @param monitorGracePeriod how long a node may go silent before it is marked Ready=Unknown (kube-controller-manager's
 *                           {@code --node-monitor-grace-period})
 */
public record LocalNodes(int count, long cpuMillicores, long memoryMiB, int maxCount, Duration scaleUpDelay,
                         Duration monitorGracePeriod) {

    /** Three nodes of 4 CPUs and 8 GiB, as localkube has by default. */
    public static final int DEFAULT_COUNT = 3;
    public static final long DEFAULT_CPU_MILLICORES = 4000;
    public static final long DEFAULT_MEMORY_MIB = 8192;
    /** A cloud's node provisioning takes 1 to 3 minutes. */
    public static final Duration DEFAULT_SCALE_UP_DELAY = Duration.ofSeconds(90);
    /** kube-controller-manager's {@code --node-monitor-grace-period} (Kubernetes 1.29 and later). */
    public static final Duration DEFAULT_MONITOR_GRACE_PERIOD = Duration.ofSeconds(50);
    /** The most nodes a plan may ask of one machine. */
    public static final int MAX_COUNT = 26;

    public LocalNodes {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be 1.." + MAX_COUNT + ", got " + count);
        }
        if (cpuMillicores < 1 || memoryMiB < 1) {
            throw new IllegalArgumentException("cpuMillicores and memoryMiB must be >= 1, got " + cpuMillicores
                    + " and " + memoryMiB);
        }
        if (maxCount < count || maxCount > MAX_COUNT) {
            throw new IllegalArgumentException("maxCount must be count.." + MAX_COUNT + ", got " + maxCount);
        }
        if (scaleUpDelay.isNegative() || monitorGracePeriod.toMillis() < 1000) {
            throw new IllegalArgumentException("scaleUpDelay must be >= 0 and monitorGracePeriod >= 1s, got "
                    + scaleUpDelay + " and " + monitorGracePeriod);
        }
    }

    public static LocalNodes defaults() {
        return new LocalNodes(DEFAULT_COUNT, DEFAULT_CPU_MILLICORES, DEFAULT_MEMORY_MIB, DEFAULT_COUNT,
                DEFAULT_SCALE_UP_DELAY, DEFAULT_MONITOR_GRACE_PERIOD);
    }

    /** @return whether a cluster autoscaler adds nodes */
    public boolean grows() {
        return maxCount > count;
    }
}
