package dev.saleday.localkube.node;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether the status the API server holds for a pod has drifted from the one this kubelet last wrote, in what the
 * kubelet owns: the phase, each condition's value, each container's readiness, start, restarts and id. It drifts when
 * another writer changed it (the node lifecycle controller's MarkPodsNotReady) or when a write of ours that the
 * client gave up on was applied after a later one. As the kubelet's status manager ({@code pkg/kubelet/status/
 * status_manager.go}, {@code needsReconcile}, checked on every {@code syncBatch}), the kubelet then writes its own
 * view again instead of trusting the last status it sent.
 */
final class StatusDrift {

    private StatusDrift() {
    }

    /** @return whether {@code inApi} differs from {@code lastWritten} in a field the kubelet owns */
    static boolean drifted(PodStatus inApi, PodStatus lastWritten) {
        if (lastWritten == null) {
            return false;
        }
        if (inApi == null) {
            return true;
        }
        return !Objects.equals(inApi.getPhase(), lastWritten.getPhase())
                || !conditions(inApi.getConditions()).equals(conditions(lastWritten.getConditions()))
                || !containers(inApi.getContainerStatuses()).equals(containers(lastWritten.getContainerStatuses()));
    }

    private static Map<String, String> conditions(List<PodCondition> conditions) {
        Map<String, String> values = new HashMap<>();
        if (conditions != null) {
            conditions.forEach(c -> values.put(c.getType(), c.getStatus()));
        }
        return values;
    }

    private record Owned(Boolean ready, Boolean started, Integer restartCount, String containerId) {
    }

    private static Map<String, Owned> containers(List<ContainerStatus> statuses) {
        Map<String, Owned> values = new HashMap<>();
        if (statuses != null) {
            statuses.forEach(s -> values.put(s.getName(),
                    new Owned(s.getReady(), s.getStarted(), s.getRestartCount(), s.getContainerID())));
        }
        return values;
    }
}
