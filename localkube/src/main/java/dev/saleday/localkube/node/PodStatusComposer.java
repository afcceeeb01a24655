package dev.saleday.localkube.node;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one pod's status says, from its containers' live state: the phase, the conditions (a condition keeps its
 * transition time while its value holds), each container's status and the QoS class. One per pod worker, used on
 * the pod's serial executor.
 */
final class PodStatusComposer {

    private final Map<String, PodCondition> conditions = new HashMap<>();

    /**
     * @param terminating the pod is being taken down: no container counts as ready
     * @param now         the transition time of a condition that changes now
     */
    PodStatus compose(Pod pod, List<ContainerRuntime> containers, boolean terminating, String podIp,
                      Instant startTime, Instant now) {
        List<ContainerStatus> statuses = new ArrayList<>();
        boolean allReady = !terminating && !containers.isEmpty();
        for (ContainerRuntime container : containers) {
            boolean running = container.process != null;
            boolean ready = running && container.ready && !terminating;
            allReady &= ready;
            statuses.add(new ContainerStatusBuilder()
                    .withName(container.name())
                    .withImage(container.spec.getImage())
                    .withImageID(container.containerId == null ? "" : "localkube://" + container.spec.getImage())
                    .withContainerID(container.containerId)
                    .withReady(ready)
                    .withStarted(running && container.started)
                    .withRestartCount(container.restartCount)
                    .withState(container.state)
                    .withLastState(container.lastState == null ? new ContainerState() : container.lastState)
                    .build());
        }
        List<String> unready = containers.stream()
                .filter(c -> c.process == null || !c.ready || terminating).map(ContainerRuntime::name).toList();
        String notReadyMessage = "containers with unready status: " + unready;
        List<PodCondition> podConditions = new ArrayList<>();
        podConditions.add(condition("Initialized", true, null, null, now));
        podConditions.add(condition("Ready", allReady, allReady ? null : "ContainersNotReady",
                allReady ? null : notReadyMessage, now));
        podConditions.add(condition("ContainersReady", allReady, allReady ? null : "ContainersNotReady",
                allReady ? null : notReadyMessage, now));
        podConditions.add(scheduledCondition(pod, startTime));
        return new PodStatusBuilder()
                .withPhase(phase(containers, terminating))
                .withHostIP("127.0.0.1")
                .withHostIPs(new HostIP("127.0.0.1"))
                .withPodIP(podIp)
                .withPodIPs(new PodIP(podIp))
                .withStartTime(timestamp(startTime))
                .withQosClass(qosClass(containers))
                .withConditions(podConditions)
                .withContainerStatuses(statuses)
                .build();
    }

    private static String phase(List<ContainerRuntime> containers, boolean terminating) {
        if (containers.isEmpty()) {
            return "Pending";
        }
        boolean allDone = true;
        boolean allSucceeded = true;
        for (ContainerRuntime container : containers) {
            if (container.state.getWaiting() != null && container.restartCount == 0 && container.lastState == null) {
                return "Pending";
            }
            allDone &= container.done;
            if (container.state.getTerminated() != null && container.state.getTerminated().getExitCode() != 0) {
                allSucceeded = false;
            }
        }
        if (allDone && !terminating) {
            return allSucceeded ? "Succeeded" : "Failed";
        }
        return "Running";
    }

    private PodCondition condition(String type, boolean status, String reason, String message, Instant now) {
        String value = status ? "True" : "False";
        PodCondition previous = conditions.get(type);
        String transition = previous != null && value.equals(previous.getStatus())
                ? previous.getLastTransitionTime() : timestamp(now);
        PodCondition condition = new PodConditionBuilder().withType(type).withStatus(value).withReason(reason)
                .withMessage(message).withLastTransitionTime(transition).build();
        conditions.put(type, condition);
        return condition;
    }

    /** The scheduler's condition when it wrote one, else ours (the pod is bound to this node). */
    private PodCondition scheduledCondition(Pod pod, Instant startTime) {
        if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
            for (PodCondition condition : pod.getStatus().getConditions()) {
                if ("PodScheduled".equals(condition.getType())) {
                    return condition;
                }
            }
        }
        return conditions.computeIfAbsent("PodScheduled", type -> new PodConditionBuilder().withType(type)
                .withStatus("True").withLastTransitionTime(timestamp(startTime)).build());
    }

    private static String qosClass(List<ContainerRuntime> containers) {
        boolean anyRequests = false;
        boolean guaranteed = true;
        for (ContainerRuntime container : containers) {
            var resources = container.spec.getResources();
            var limits = resources == null ? null : resources.getLimits();
            var requests = resources == null ? null : resources.getRequests();
            anyRequests |= (limits != null && !limits.isEmpty()) || (requests != null && !requests.isEmpty());
            for (String resource : List.of("cpu", "memory")) {
                if (limits == null || !limits.containsKey(resource)
                        || (requests != null && requests.containsKey(resource)
                        && !requests.get(resource).equals(limits.get(resource)))) {
                    guaranteed = false;
                }
            }
        }
        return !anyRequests ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    /** @return an API timestamp (whole seconds), or null */
    static String timestamp(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
