package dev.saleday.localkube.api.table;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * Pods as {@code kubectl get pods} shows them: READY (ready running containers / containers), STATUS (the phase, or
 * the reason a container waits or ended: ContainerCreating, CrashLoopBackOff, Error, Completed, Init:0/1,
 * Terminating...), RESTARTS (with the time of the last one), AGE; {@code -o wide}: IP, NODE, NOMINATED NODE,
 * READINESS GATES.
 */
final class PodPrinter implements Printer {

    private static final List<Column> COLUMNS = List.of(Column.objectName(),
            Column.text("Ready", "The aggregate readiness state of this pod for accepting traffic."),
            Column.text("Status", "The aggregate status of the containers in this pod."),
            Column.text("Restarts", "The number of times the containers in this pod have been restarted and when the "
                    + "last container in this pod has restarted."),
            Column.age(),
            Column.wide("IP", "podIP address allocated to the pod."),
            Column.wide("Node", "NodeName is the name of the node this pod is scheduled on."),
            Column.wide("Nominated Node", "nominatedNodeName is set when this pod preempts other pods on the node."),
            Column.wide("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(JsonNode pod, Instant now) {
        JsonNode status = pod.path("status");
        JsonNode spec = pod.path("spec");
        int total = spec.path("containers").size();
        int ready = 0;
        long restarts = 0;
        Instant lastRestart = null;
        String reason = Cells.text(status.path("phase"));
        if (!Cells.text(status.path("reason")).isEmpty()) {
            reason = status.path("reason").asText();
        }
        boolean initializing = false;
        JsonNode inits = status.path("initContainerStatuses");
        for (int i = 0; i < inits.size(); i++) {
            JsonNode container = inits.get(i);
            restarts += container.path("restartCount").asLong();
            lastRestart = later(lastRestart, container.path("lastState").path("terminated").path("finishedAt"));
            JsonNode terminated = container.path("state").path("terminated");
            JsonNode waiting = container.path("state").path("waiting");
            if (!terminated.isMissingNode() && terminated.path("exitCode").asInt() == 0) {
                continue;
            }
            initializing = true;
            if (!terminated.isMissingNode()) {
                reason = "Init:" + ended(terminated);
            } else if (!Cells.text(waiting.path("reason")).isEmpty()
                    && !waiting.path("reason").asText().equals("PodInitializing")) {
                reason = "Init:" + waiting.path("reason").asText();
            } else {
                reason = "Init:" + i + "/" + spec.path("initContainers").size();
            }
            break;
        }
        if (!initializing || conditionTrue(status, "Initialized")) {
            boolean running = false;
            JsonNode containers = status.path("containerStatuses");
            for (int i = containers.size() - 1; i >= 0; i--) {
                JsonNode container = containers.get(i);
                restarts += container.path("restartCount").asLong();
                lastRestart = later(lastRestart, container.path("lastState").path("terminated").path("finishedAt"));
                JsonNode state = container.path("state");
                if (!Cells.text(state.path("waiting").path("reason")).isEmpty()) {
                    reason = state.path("waiting").path("reason").asText();
                } else if (!state.path("terminated").isMissingNode()) {
                    reason = ended(state.path("terminated"));
                } else if (container.path("ready").asBoolean(false) && !state.path("running").isMissingNode()) {
                    running = true;
                    ready++;
                }
            }
            if (reason.equals("Completed") && running) {
                reason = conditionTrue(status, "Ready") ? "Running" : "NotReady";
            }
        }
        String phase = Cells.text(status.path("phase"));
        if (pod.path("metadata").has("deletionTimestamp")) {
            if (Cells.text(status.path("reason")).equals("NodeLost")) {
                reason = "Unknown";
            } else if (!phase.equals("Succeeded") && !phase.equals("Failed")) {
                reason = "Terminating";
            }
        }
        String restartText = Long.toString(restarts);
        if (restarts != 0 && lastRestart != null) {
            restartText = restarts + " (" + HumanDuration.of(java.time.Duration.between(lastRestart, now)) + " ago)";
        }
        JsonNode gates = spec.path("readinessGates");
        String readinessGates = Cells.NONE;
        if (gates.size() > 0) {
            int passed = 0;
            for (JsonNode gate : gates) {
                if (conditionTrue(status, gate.path("conditionType").asText())) {
                    passed++;
                }
            }
            readinessGates = passed + "/" + gates.size();
        }
        return List.of(pod.path("metadata").path("name").asText(), ready + "/" + total, reason, restartText,
                HumanDuration.since(pod.path("metadata").path("creationTimestamp"), now),
                Cells.orNone(Cells.text(status.path("podIP"))), Cells.orNone(Cells.text(spec.path("nodeName"))),
                Cells.orNone(Cells.text(status.path("nominatedNodeName"))), readinessGates);
    }

    private static String ended(JsonNode terminated) {
        if (!Cells.text(terminated.path("reason")).isEmpty()) {
            return terminated.path("reason").asText();
        }
        int signal = terminated.path("signal").asInt(0);
        return signal != 0 ? "Signal:" + signal : "ExitCode:" + terminated.path("exitCode").asInt();
    }

    private static boolean conditionTrue(JsonNode status, String type) {
        for (JsonNode condition : status.path("conditions")) {
            if (condition.path("type").asText().equals(type)) {
                return condition.path("status").asText().equals("True");
            }
        }
        return false;
    }

    private static Instant later(Instant current, JsonNode finishedAt) {
        String text = Cells.text(finishedAt);
        if (text.isEmpty()) {
            return current;
        }
        try {
            Instant at = Instant.parse(text);
            return current == null || at.isAfter(current) ? at : current;
        } catch (java.time.format.DateTimeParseException e) {
            return current;
        }
    }
}
