package dev.saleday.reports.observed;

import dev.saleday.plan.autoscaling.ScalingRules;

/**
 * What the cluster said of the plan's target before a capacity search held it at one pod: the model container's CPU
 * request and limit and the HPA that scales the Deployment.
 *
 * @param replicas              the Deployment's spec.replicas before the search
 * @param cpuRequestMillicores  the model container's {@code requests.cpu}, null when unset
 * @param cpuLimitMillicores    its {@code limits.cpu}, null when unset
 * @param hpa                   the HPA, null when none scales the Deployment
 */
public record ScalingTarget(int replicas, Integer cpuRequestMillicores, Integer cpuLimitMillicores, Hpa hpa) {

    /**
     * @param targetCpuPercent the CPU utilisation target (percent of the request), null when the HPA has none
     * @param scaleUp          its {@code behavior.scaleUp}, defaulted as the API server does
     */
    public record Hpa(String name, int minReplicas, int maxReplicas, Integer targetCpuPercent,
                      ScalingRules scaleUp) {
    }
}
