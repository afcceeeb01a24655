package dev.saleday.localkube.controllers;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Facts about pods and objects that several controllers read, as Kubernetes' podutil defines them. */
public final class Pods {

    private Pods() {
    }

    public static boolean isTerminating(HasMetadata object) {
        return object.getMetadata().getDeletionTimestamp() != null;
    }

    public static boolean isTerminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** Not terminating and not finished: counts towards a ReplicaSet's replicas. */
    public static boolean isActive(Pod pod) {
        return !isTerminating(pod) && !isTerminal(pod);
    }

    public static Optional<PodCondition> condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public static boolean isReady(Pod pod) {
        return condition(pod, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /** Ready for at least {@code minReadySeconds} at {@code now}. */
    public static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
        if (!isReady(pod)) {
            return false;
        }
        if (minReadySeconds <= 0) {
            return true;
        }
        return readySince(pod).map(since -> !since.plusSeconds(minReadySeconds).isAfter(now)).orElse(true);
    }

    public static Optional<Instant> readySince(Pod pod) {
        return condition(pod, "Ready").map(PodCondition::getLastTransitionTime).filter(t -> t != null && !t.isEmpty())
                .map(Instant::parse);
    }

    public static Optional<OwnerReference> controllerOf(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        if (refs == null) {
            return Optional.empty();
        }
        return refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
    }

    public static boolean isControlledBy(HasMetadata object, HasMetadata owner) {
        return controllerOf(object).map(r -> r.getUid().equals(owner.getMetadata().getUid())).orElse(false);
    }

    public static int restartCount(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return 0;
        }
        return pod.getStatus().getContainerStatuses().stream()
                .mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).sum();
    }

    /** Sum of the containers' CPU requests in millicores; empty if any container has none. */
    public static Optional<Double> cpuRequestMillicores(Pod pod) {
        double total = 0;
        for (Container container : pod.getSpec().getContainers()) {
            Map<String, Quantity> requests = container.getResources() == null ? null : container.getResources().getRequests();
            Quantity cpu = requests == null ? null : requests.get("cpu");
            if (cpu == null) {
                return Optional.empty();
            }
            total += cpu.getNumericalAmount().doubleValue() * 1000.0;
        }
        return Optional.of(total);
    }
}
