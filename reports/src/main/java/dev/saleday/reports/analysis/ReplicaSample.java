package dev.saleday.reports.analysis;

/**
 * The replicas as known at one moment (a step function: each sample holds until the next). Null members were not
 * recorded yet.
 *
 * @param tMs       epoch ms
 * @param desired   the HPA's desired replicas
 * @param replicas  the deployment's replicas (pods that exist)
 * @param ready     the deployment's ready replicas
 * @param updated   the deployment's replicas of the newest template
 * @param available the deployment's available replicas
 */
public record ReplicaSample(long tMs, Integer desired, Integer replicas, Integer ready, Integer updated,
                            Integer available) {
}
