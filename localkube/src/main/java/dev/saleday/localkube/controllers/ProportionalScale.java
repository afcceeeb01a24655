package dev.saleday.localkube.controllers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a Deployment's new replica count goes when it is scaled (by the HPA, {@code kubectl scale}) while more than
 * one of its ReplicaSets has pods, as kube-controller-manager's deployment controller decides it
 * (pkg/controller/deployment/sync.go {@code scale}, util/deployment_util.go {@code GetProportion}): the replicas
 * allowed ({@code replicas + maxSurge}, 0 for a Deployment scaled to 0) minus those the active ReplicaSets have now
 * are shared among them in proportion to their sizes, each ReplicaSet's share read against the
 * {@code deployment.kubernetes.io/max-replicas} it was last sized for, from the largest ReplicaSet to the smallest
 * (newer first among equals when adding, older first when removing), what rounding leaves over going to the largest.
 * So a release in progress keeps its ratio of old to new pods through a scale-up or scale-down, instead of the new
 * ReplicaSet taking every added pod (which would hasten a release that may be bad).
 */
public final class ProportionalScale {

    /**
     * One active ReplicaSet (spec.replicas > 0).
     *
     * @param name        its name
     * @param replicas    its spec.replicas
     * @param maxReplicas its {@code deployment.kubernetes.io/max-replicas} annotation, or null when absent or unreadable
     * @param age         its creation order: larger is newer (creation time, then name, as Kubernetes sorts)
     */
    public record Sized(String name, int replicas, Integer maxReplicas, long age) {
    }

    private ProportionalScale() {
    }

    /**
     * @param active             the Deployment's ReplicaSets with pods
     * @param deploymentReplicas the Deployment's spec.replicas after the scaling
     * @param maxSurge           maxSurge resolved against that count (0 for Recreate)
     * @param statusReplicas     the Deployment's status.replicas: the size a ReplicaSet without the annotation was
     *                           made for
     * @return each ReplicaSet's new size, by name
     */
    public static Map<String, Integer> sizes(List<Sized> active, int deploymentReplicas, int maxSurge,
                                             int statusReplicas) {
        int current = active.stream().mapToInt(Sized::replicas).sum();
        int allowed = deploymentReplicas > 0 ? deploymentReplicas + maxSurge : 0;
        int toAdd = allowed - current;
        List<Sized> order = new ArrayList<>(active);
        Comparator<Sized> bySize = Comparator.comparingInt(Sized::replicas).reversed();
        if (toAdd > 0) {
            order.sort(bySize.thenComparing(Comparator.comparingLong(Sized::age).reversed()));
        } else if (toAdd < 0) {
            order.sort(bySize.thenComparingLong(Sized::age));
        }
        Map<String, Integer> sizes = new LinkedHashMap<>();
        int added = 0;
        for (Sized rs : order) {
            int share = proportion(rs, deploymentReplicas, maxSurge, statusReplicas, toAdd, added);
            sizes.put(rs.name(), rs.replicas() + share);
            added += share;
        }
        if (toAdd != 0 && !order.isEmpty()) {
            String largest = order.get(0).name();
            sizes.put(largest, Math.max(0, sizes.get(largest) + toAdd - added));
        }
        return sizes;
    }

    /** This ReplicaSet's share of {@code toAdd}, never past what is left of it ({@code GetProportion}). */
    static int proportion(Sized rs, int deploymentReplicas, int maxSurge, int statusReplicas, int toAdd, int added) {
        if (rs.replicas() == 0 || toAdd == 0 || toAdd == added) {
            return 0;
        }
        int fraction = fraction(rs, deploymentReplicas, maxSurge, statusReplicas);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    /** The change that keeps this ReplicaSet's share of the Deployment's pods ({@code getReplicaSetFraction}). */
    static int fraction(Sized rs, int deploymentReplicas, int maxSurge, int statusReplicas) {
        if (deploymentReplicas == 0) {
            return -rs.replicas();
        }
        int total = deploymentReplicas + maxSurge;
        int annotated = rs.maxReplicas() != null ? rs.maxReplicas() : statusReplicas;
        if (annotated == 0) {
            return 0;
        }
        // rounded half away from zero, as Go's math.Round that Kubernetes uses
        return (int) Math.round((double) rs.replicas() * total / annotated) - rs.replicas();
    }
}
