package dev.saleday.localkube.controllers;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which pods a ReplicaSet deletes first when it has too many: Kubernetes' {@code ActivePodsWithRanks.Less}
 * (pkg/controller/controller_utils.go) with its default feature gates (PodDeletionCost on since 1.22,
 * LogarithmicScaleDown GA since 1.31), each pod ranked as the ReplicaSet controller ranks it
 * (replica_set.go, {@code getPodsRankedByRelatedPodsOnSameNode}: the active pods of the Deployment's ReplicaSets on
 * the same node). The first pod of the order is deleted first:
 * <ol>
 *   <li>unscheduled before scheduled;</li>
 *   <li>Pending before Unknown before Running;</li>
 *   <li>not ready before ready;</li>
 *   <li>the lower {@code controller.kubernetes.io/pod-deletion-cost} first;</li>
 *   <li>the pod with more related pods on its node first (a node that doubled up gives one back);</li>
 *   <li>of two ready pods, the one ready for less time, compared by {@code floor(log2(ns since))}: two ready times in
 *       the same power of two are a tie broken by UID (a pseudo-random pick, so that a scale-down does not always
 *       take the very newest pod);</li>
 *   <li>the pod whose container restarted more;</li>
 *   <li>the newer pod, its creation time compared as the ready time, a tie again by UID.</li>
 * </ol>
 * Like Go's sort with this Less, which is not a total order (a UID tie-break within one power of two, an exact
 * comparison across the next rules), the order is the result of an insertion sort, not of a Comparator.
 */
final class ScaleDownOrder {

    static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

    private final Instant now;
    private final Map<String, Integer> activeRelatedPodsByNode;

    /**
     * @param now                     the reference for the logarithmic comparisons
     * @param activeRelatedPodsByNode the active pods of the Deployment's ReplicaSets (or the ReplicaSet's own when it
     *                                has no controller) on each node
     */
    ScaleDownOrder(Instant now, Map<String, Integer> activeRelatedPodsByNode) {
        this.now = now;
        this.activeRelatedPodsByNode = activeRelatedPodsByNode;
    }

    /** @return the pods, the first to delete first */
    List<Pod> sort(List<Pod> pods) {
        List<Pod> sorted = new ArrayList<>(pods);
        for (int i = 1; i < sorted.size(); i++) {
            Pod pod = sorted.get(i);
            int j = i - 1;
            while (j >= 0 && less(pod, sorted.get(j))) {
                sorted.set(j + 1, sorted.get(j));
                j--;
            }
            sorted.set(j + 1, pod);
        }
        return sorted;
    }

    /** @return whether {@code a} should be deleted before {@code b} */
    boolean less(Pod a, Pod b) {
        String nodeA = node(a);
        String nodeB = node(b);
        if (!nodeA.equals(nodeB) && (nodeA.isEmpty() || nodeB.isEmpty())) {
            return nodeA.isEmpty();
        }
        if (phase(a) != phase(b)) {
            return phase(a) < phase(b);
        }
        if (Pods.isReady(a) != Pods.isReady(b)) {
            return !Pods.isReady(a);
        }
        if (deletionCost(a) != deletionCost(b)) {
            return deletionCost(a) < deletionCost(b);
        }
        int rankA = activeRelatedPodsByNode.getOrDefault(nodeA, 0);
        int rankB = activeRelatedPodsByNode.getOrDefault(nodeB, 0);
        if (rankA != rankB) {
            return rankA > rankB;
        }
        if (Pods.isReady(a) && Pods.isReady(b)) {
            Optional<Instant> readyA = Pods.readySince(a);
            Optional<Instant> readyB = Pods.readySince(b);
            if (!readyA.equals(readyB)) {
                return newerFirst(readyA.orElse(null), readyB.orElse(null), a, b);
            }
        }
        if (maxRestarts(a) != maxRestarts(b)) {
            return maxRestarts(a) > maxRestarts(b);
        }
        Instant createdA = created(a);
        Instant createdB = created(b);
        if (createdA == null ? createdB != null : !createdA.equals(createdB)) {
            return newerFirst(createdA, createdB, a, b);
        }
        return false;
    }

    /** Rules 6 and 8: the more recent time first, in powers of two of the time since; a missing time first. */
    private boolean newerFirst(Instant timeA, Instant timeB, Pod a, Pod b) {
        if (timeA == null || timeB == null) {
            return timeA == null;
        }
        long rankDiff = log2Rank(timeA) - log2Rank(timeB);
        if (rankDiff == 0) {
            return uid(a).compareTo(uid(b)) < 0;
        }
        return rankDiff < 0;
    }

    /** floor(log2(ns since {@code time})), -1 for a time not before now (as logarithmicRankDiff). */
    long log2Rank(Instant time) {
        long sinceNanos;
        try {
            sinceNanos = Duration.between(time, now).toNanos();
        } catch (ArithmeticException e) {
            sinceNanos = Long.MAX_VALUE;
        }
        return sinceNanos > 0 ? 63 - Long.numberOfLeadingZeros(sinceNanos) : -1;
    }

    private static String node(Pod pod) {
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return node == null ? "" : node;
    }

    /** Pending 0, Unknown 1, Running 2 (podPhaseToOrdinal; any other phase counts as 0). */
    private static int phase(Pod pod) {
        String phase = pod.getStatus() == null ? "" : String.valueOf(pod.getStatus().getPhase());
        return switch (phase) {
            case "Unknown" -> 1;
            case "Running" -> 2;
            default -> 0;
        };
    }

    /** The annotation as an int32; absent or not a valid int32 is 0, as Kubernetes reads it for the order. */
    static int deletionCost(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(DELETION_COST);
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int maxRestarts(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return 0;
        }
        return pod.getStatus().getContainerStatuses().stream()
                .mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).max().orElse(0);
    }

    private static Instant created(Pod pod) {
        String created = pod.getMetadata().getCreationTimestamp();
        return created == null || created.isEmpty() ? null : Instant.parse(created);
    }

    private static String uid(Pod pod) {
        String uid = pod.getMetadata().getUid();
        return uid == null ? "" : uid;
    }
}
