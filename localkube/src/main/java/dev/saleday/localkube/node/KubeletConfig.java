package dev.saleday.localkube.node;

import java.time.Duration;

/**
 * How the kubelet runs pods.
 *
 * @param images            image -> command mapping
 * @param backOffBase       the first restart delay after the immediate first restart (Kubernetes: 10 s)
 * @param backOffMax        the cap of the doubling restart delay (Kubernetes: 300 s)
 * @param logCapBytes       a container log file larger than this is rotated (one rotated part kept)
 * @param cpuSamplePeriod   how often each pod's CPU time is sampled for {@link dev.saleday.localkube.controller.PodMetrics}
 * @param cpuRetention      how much CPU history is kept per pod (the longest window a caller may ask for)
 * @param cgroupCpuLimits   enforce {@code limits.cpu} with a cgroup v1 CFS quota where that is writable (Linux,
 *                          root), as the kubelet does by default (its {@code cpuCFSQuota: true}); on by default. The
 *                          model paces its own requests and training to its limit either way, but only the kernel
 *                          holds its JVM's start, JIT and collector to it
 */
public record KubeletConfig(ImageCatalog images, Duration backOffBase, Duration backOffMax, long logCapBytes,
                            Duration cpuSamplePeriod, Duration cpuRetention, boolean cgroupCpuLimits) {

    public KubeletConfig {
        if (images == null) {
            throw new IllegalArgumentException("images must be set");
        }
        new BackOff(backOffBase, backOffMax);
        if (logCapBytes < 1024) {
            throw new IllegalArgumentException("logCapBytes must be >= 1024, got " + logCapBytes);
        }
        if (cpuSamplePeriod.toMillis() < 10 || cpuRetention.compareTo(cpuSamplePeriod.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("cpuSamplePeriod must be >= 10 ms and cpuRetention >= 2 periods, got "
                    + cpuSamplePeriod + " and " + cpuRetention);
        }
    }

    /**
     * Kubernetes' defaults (10 s back-off doubling to 5 min, CPU limits as CFS quotas where the host lets us), 10 MiB
     * logs, CPU sampled each second for 10 min.
     */
    public static KubeletConfig defaults(ImageCatalog images) {
        return new KubeletConfig(images, Duration.ofSeconds(10), Duration.ofMinutes(5), 10L << 20,
                Duration.ofSeconds(1), Duration.ofMinutes(10), true);
    }

    /** A shorter restart back-off, for tests and quick game days. */
    public KubeletConfig withBackOff(Duration base, Duration max) {
        return new KubeletConfig(images, base, max, logCapBytes, cpuSamplePeriod, cpuRetention, cgroupCpuLimits);
    }

    public KubeletConfig withLogCapBytes(long capBytes) {
        return new KubeletConfig(images, backOffBase, backOffMax, capBytes, cpuSamplePeriod, cpuRetention,
                cgroupCpuLimits);
    }

    public KubeletConfig withCpuSampling(Duration period, Duration retention) {
        return new KubeletConfig(images, backOffBase, backOffMax, logCapBytes, period, retention, cgroupCpuLimits);
    }

    /** Real CPU quotas through cgroup v1 where writable (see {@link #cgroupCpuLimits()}). */
    public KubeletConfig withCgroupCpuLimits(boolean enabled) {
        return new KubeletConfig(images, backOffBase, backOffMax, logCapBytes, cpuSamplePeriod, cpuRetention, enabled);
    }
}
