package dev.saleday.localkube;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The nodes' size and, optionally, how the pool grows, as a cluster autoscaler grows a node group. The scheduler
 * places a pod only where its requests fit the node's allocatable CPU, memory and pod count, as kube-scheduler's
 * NodeResourcesFit filter does.
 *
 * @param cpuMillicoresPerNode allocatable CPU of each node
 * @param memoryBytesPerNode   allocatable memory of each node
 * @param podsPerNode          allocatable pods of each node (the kubelet's default maxPods is 110)
 * @param maxNodes             the most nodes the pool grows to; at most the initial count means it does not grow
 * @param scaleUpDelay         from the first pod the scheduler cannot place to the new node being Ready (a cloud's
 *                             provisioning time: typically 1-3 minutes)
 * @param nodeMonitorGracePeriod how long a node may go without renewing its Lease before the node lifecycle
 *                             controller marks it Ready=Unknown and taints it unreachable (kube-controller-manager's
 *                             {@code --node-monitor-grace-period}: 50 s since Kubernetes 1.29, 40 s before)
 */
public record NodePool(long cpuMillicoresPerNode, long memoryBytesPerNode, int podsPerNode, int maxNodes,
                       Duration scaleUpDelay, Duration nodeMonitorGracePeriod) {

    /** The node names the pool adds, after the configured ones: {@code local-node-pool-1}, ... */
    public static final String GROWN_NODE_PREFIX = "local-node-pool-";
    /** kube-controller-manager's {@code --node-monitor-grace-period} default (Kubernetes 1.29 and later). */
    public static final Duration DEFAULT_NODE_MONITOR_GRACE_PERIOD = Duration.ofSeconds(50);
    private static final long GIB = 1024L * 1024 * 1024;

    public NodePool {
        if (cpuMillicoresPerNode < 1) {
            throw new IllegalArgumentException("cpuMillicoresPerNode must be >= 1, got " + cpuMillicoresPerNode);
        }
        if (memoryBytesPerNode < 1) {
            throw new IllegalArgumentException("memoryBytesPerNode must be >= 1, got " + memoryBytesPerNode);
        }
        if (podsPerNode < 1) {
            throw new IllegalArgumentException("podsPerNode must be >= 1, got " + podsPerNode);
        }
        if (maxNodes < 0) {
            throw new IllegalArgumentException("maxNodes must be >= 0, got " + maxNodes);
        }
        if (scaleUpDelay == null || scaleUpDelay.isNegative()) {
            throw new IllegalArgumentException("scaleUpDelay must be >= 0, got " + scaleUpDelay);
        }
        if (nodeMonitorGracePeriod == null || nodeMonitorGracePeriod.toMillis() < 400) {
            throw new IllegalArgumentException("nodeMonitorGracePeriod must be >= 400 ms, got " + nodeMonitorGracePeriod);
        }
    }

    /**
     * 4 CPUs, 8 GiB and 110 pods per node, no growth: three such nodes hold 120 pods of the local overlay's 100m /
     * 128Mi, so the seed's maxReplicas 100 fits.
     */
    public static NodePool defaults() {
        return new NodePool(4000, 8 * GIB, 110, 0, Duration.ZERO, DEFAULT_NODE_MONITOR_GRACE_PERIOD);
    }

    public NodePool withCapacity(long cpuMillicores, long memoryBytes) {
        return new NodePool(cpuMillicores, memoryBytes, podsPerNode, maxNodes, scaleUpDelay, nodeMonitorGracePeriod);
    }

    public NodePool withPodsPerNode(int pods) {
        return new NodePool(cpuMillicoresPerNode, memoryBytesPerNode, pods, maxNodes, scaleUpDelay,
                nodeMonitorGracePeriod);
    }

    /** A pool that adds nodes, one at a time, each {@code delay} after pods were first found unschedulable. */
    public NodePool withAutoscaling(int max, Duration delay) {
        return new NodePool(cpuMillicoresPerNode, memoryBytesPerNode, podsPerNode, max, delay, nodeMonitorGracePeriod);
    }

    public NodePool withNodeMonitorGracePeriod(Duration grace) {
        return new NodePool(cpuMillicoresPerNode, memoryBytesPerNode, podsPerNode, maxNodes, scaleUpDelay, grace);
    }

    /** How often each node's kubelet renews its Lease: every 10 s (a quarter of its 40 s duration), or faster. */
    public Duration leaseRenewInterval() {
        Duration quarter = nodeMonitorGracePeriod.dividedBy(4);
        return quarter.compareTo(Duration.ofSeconds(10)) < 0 ? quarter : Duration.ofSeconds(10);
    }

    /** How often the node lifecycle controller looks at the nodes: {@code --node-monitor-period} 5 s, or faster. */
    public Duration nodeMonitorPeriod() {
        Duration quarter = nodeMonitorGracePeriod.dividedBy(4);
        return quarter.compareTo(Duration.ofSeconds(5)) < 0 ? quarter : Duration.ofSeconds(5);
    }

    /** The names of the nodes the pool may add to {@code initial}: up to {@code maxNodes} in all. */
    public List<String> grownNodeNames(List<String> initial) {
        List<String> names = new ArrayList<>();
        for (int i = 1; initial.size() + names.size() < maxNodes; i++) {
            names.add(GROWN_NODE_PREFIX + i);
        }
        return names;
    }
}
