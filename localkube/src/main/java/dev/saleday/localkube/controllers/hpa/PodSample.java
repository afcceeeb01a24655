package dev.saleday.localkube.controllers.hpa;

import java.util.OptionalDouble;

/**
 * One pod as the HPA sees it.
 *
 * @param ready              the pod's Ready condition is True
 * @param usageMillicores    measured average CPU over the metrics window; empty when not measured
 * @param requestMillicores  the sum of its containers' CPU requests
 */
public record PodSample(String name, boolean ready, OptionalDouble usageMillicores, double requestMillicores) {
}
