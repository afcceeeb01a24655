package dev.saleday.localkube.controllers.hpa;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Kubernetes' replica calculator for a CPU utilisation target (replica_calculator.go, GetResourceReplicas), as a
 * pure function. Pods "unready" by Kubernetes' rule ({@link CpuReadiness}) are set aside: the caller passes
 * ready=false for them; pods without a measurement are "missing". The utilisation is truncated to a whole percent
 * before the ratio to the target is taken. If the ready pods alone say scale up, the set-aside pods count as 0 % use;
 * missing pods count as max(100 %, target) of their request when scaling down and 0 % when scaling up; if that flips
 * the direction, nothing changes. Within the tolerance (10 %) nothing changes either.
 */
public final class ReplicaCalculator {

    /** Kubernetes' default {@code --horizontal-pod-autoscaler-tolerance}. */
    public static final double DEFAULT_TOLERANCE = 0.1;

    /**
     * @param replicas                  the recommendation
     * @param utilizationPercent        measured utilisation of the ready, measured pods (for status.currentMetrics)
     * @param averageUsageMillicores    their average use
     */
    public record Result(int replicas, int utilizationPercent, double averageUsageMillicores) {
    }

    private ReplicaCalculator() {
    }

    /**
     * @throws IllegalStateException when no ready pod has a measurement, or a measured pod has no CPU request
     *                               (the HPA then reports ScalingActive=False and does not scale)
     */
    public static Result cpuReplicas(int currentReplicas, List<PodSample> pods, double targetUtilizationPercent,
                                     double tolerance) {
        if (targetUtilizationPercent <= 0) {
            throw new IllegalArgumentException("targetUtilizationPercent must be > 0, got " + targetUtilizationPercent);
        }
        List<PodSample> measured = new ArrayList<>();
        List<PodSample> ignored = new ArrayList<>();
        List<PodSample> missing = new ArrayList<>();
        for (PodSample pod : pods) {
            if (pod.usageMillicores().isEmpty()) {
                missing.add(pod);
            } else if (!pod.ready()) {
                ignored.add(pod);
            } else {
                measured.add(pod);
            }
        }
        if (measured.isEmpty()) {
            throw new IllegalStateException("did not receive metrics for any ready pods");
        }
        for (PodSample pod : measured) {
            if (pod.requestMillicores() <= 0) {
                throw new IllegalStateException("missing request for cpu in pod " + pod.name());
            }
        }
        double usage = measured.stream().mapToDouble(p -> p.usageMillicores().getAsDouble()).sum();
        double requests = measured.stream().mapToDouble(PodSample::requestMillicores).sum();
        // GetResourceUtilizationRatio (metrics/utilization.go): the ratio is taken of the utilisation truncated to a
        // whole percent, currentUtilization = int32((metricsTotal * 100) / requestsTotal)
        int utilizationPercent = (int) (usage * 100 / requests);
        double ratio = utilizationPercent / targetUtilizationPercent;
        double average = usage / measured.size();

        boolean rebalanceIgnored = !ignored.isEmpty() && ratio > 1.0;
        if (!rebalanceIgnored && missing.isEmpty()) {
            if (Math.abs(1.0 - ratio) <= tolerance) {
                return new Result(currentReplicas, utilizationPercent, average);
            }
            return new Result((int) Math.ceil(ratio * measured.size()), utilizationPercent, average);
        }
        double newUsage = usage;
        double newRequests = requests;
        int count = measured.size();
        for (PodSample pod : missing) {
            // on a scale-down a missing pod uses 100 % of its request, or the target when that is higher
            // (replica_calculator.go: fallbackUtilization := int64(max(100, targetUtilization)))
            newUsage += ratio < 1.0 ? pod.requestMillicores() * Math.max(100, targetUtilizationPercent) / 100 : 0;
            newRequests += pod.requestMillicores();
            count++;
        }
        if (rebalanceIgnored) {
            for (PodSample pod : ignored) {
                newRequests += pod.requestMillicores();
                count++;
            }
        }
        double newRatio = (int) (newUsage * 100 / newRequests) / targetUtilizationPercent;
        if (Math.abs(1.0 - newRatio) <= tolerance || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0)) {
            return new Result(currentReplicas, utilizationPercent, average);
        }
        int replicas = (int) Math.ceil(newRatio * count);
        if ((newRatio < 1.0 && replicas > currentReplicas) || (newRatio > 1.0 && replicas < currentReplicas)) {
            return new Result(currentReplicas, utilizationPercent, average);
        }
        return new Result(replicas, utilizationPercent, average);
    }

    /** A sample with a measurement, for tests and callers that have one. */
    public static PodSample pod(String name, boolean ready, double usageMillicores, double requestMillicores) {
        return new PodSample(name, ready, OptionalDouble.of(usageMillicores), requestMillicores);
    }
}
