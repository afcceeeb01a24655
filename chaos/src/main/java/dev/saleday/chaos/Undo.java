package dev.saleday.chaos;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import dev.saleday.plan.LabelSelector;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What to do to take one applied action back: a value, written into journal.jsonl before the action takes effect,
 * so that {@link Recovery} can replay it from another process. Every undo is idempotent: it sets the state
 * recorded here (it does not reverse a delta), so running it twice, or after a partial apply, is safe.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Undo.AwaitReplaced.class, name = "await-replaced"),
        @JsonSubTypes.Type(value = Undo.RestoreTemplate.class, name = "restore-template"),
        @JsonSubTypes.Type(value = Undo.RestoreReplicas.class, name = "restore-replicas"),
        @JsonSubTypes.Type(value = Undo.Uncordon.class, name = "uncordon"),
        @JsonSubTypes.Type(value = Undo.RestoreConfigMap.class, name = "restore-configmap"),
        @JsonSubTypes.Type(value = Undo.RestoreHpaBounds.class, name = "restore-hpa-bounds"),
        @JsonSubTypes.Type(value = Undo.RecoverNode.class, name = "recover-node"),
        @JsonSubTypes.Type(value = Undo.ProviderCommand.class, name = "provider-command"),
        @JsonSubTypes.Type(value = Undo.EndApiOutage.class, name = "end-api-outage"),
        @JsonSubTypes.Type(value = Undo.Nothing.class, name = "nothing"),
        @JsonSubTypes.Type(value = Undo.DeleteInjectors.class, name = "delete-injectors"),
})
public sealed interface Undo {

    /**
     * Restores the recorded state.
     *
     * @throws UndoException when the state could not be restored (or, for a verification, did not come back)
     */
    void undo(KubernetesClient client);

    /** @return a one-line description for the timeline and the console */
    String describe();

    /** @return this undo as journal.jsonl carries it: its fields and its {@code type} */
    static JsonNode toJson(Undo undo) {
        return ChaosJson.undoTree(undo);
    }

    /**
     * @return the undo a journal line carries
     * @throws IllegalArgumentException when the JSON is not an undo this saleday knows
     */
    static Undo fromJson(JsonNode json) {
        try {
            return ChaosJson.MAPPER.treeToValue(json, Undo.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not an undo: " + json + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Killed pods have nothing to restore: their controller replaces them. The undo verifies it did: at least
     * {@code readyPods} pods matching the selector are ready again within the timeout, or as many as their
     * Deployments ask for now when that is fewer (the autoscaler may have scaled down since the kill).
     */
    record AwaitReplaced(String namespace, String selector, int readyPods, long timeoutMillis) implements Undo {
        public void undo(KubernetesClient client) {
            LabelSelector parsed = LabelSelector.parse(selector);
            long deadline = System.nanoTime() + Duration.ofMillis(timeoutMillis).toNanos();
            long ready = 0;
            int wanted = readyPods;
            while (System.nanoTime() < deadline) {
                wanted = Math.min(readyPods, Deployments.replicasOfPodsMatching(client, namespace, parsed)
                        .orElse(readyPods));
                ready = Pods.readyAndRunning(Pods.matching(client, namespace, parsed));
                if (ready >= wanted) {
                    return;
                }
                Sleeper.pause(Duration.ofMillis(250));
            }
            throw new UndoException("only " + ready + " of " + wanted + " pods matching '" + selector
                    + "' ready again after " + timeoutMillis + " ms: the killed pods were not replaced");
        }

        public String describe() {
            return "wait until " + readyPods + " pods matching '" + selector + "' (or as many as their Deployments"
                    + " now ask for) are ready again";
        }
    }

    /** Puts a Deployment's pod template back as it was (undoes a rollout, a restart, a rollback). */
    record RestoreTemplate(String namespace, String deployment, JsonNode template) implements Undo {
        public void undo(KubernetesClient client) {
            String patch = "[{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":" + template + "}]";
            client.apps().deployments().inNamespace(namespace).withName(deployment)
                    .patch(PatchContext.of(PatchType.JSON), patch);
        }

        public String describe() {
            return "restore the pod template of Deployment/" + deployment;
        }
    }

    record RestoreReplicas(String namespace, String deployment, int replicas) implements Undo {
        public void undo(KubernetesClient client) {
            client.apps().deployments().inNamespace(namespace).withName(deployment)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
        }

        public String describe() {
            return "set Deployment/" + deployment + " back to " + replicas + " replicas";
        }
    }

    record Uncordon(String node) implements Undo {
        public void undo(KubernetesClient client) {
            client.nodes().withName(node)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"unschedulable\":false}}");
        }

        public String describe() {
            return "uncordon Node/" + node;
        }
    }

    /**
     * Puts ConfigMap keys back ({@code previous} maps a key to its old value, or to null when the key was absent),
     * then, when the change restarted a Deployment, restores that Deployment's template too.
     */
    record RestoreConfigMap(String namespace, String configMap, Map<String, String> previous, String deployment,
                            JsonNode template) implements Undo {
        public RestoreConfigMap {
            previous = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(previous));
        }

        public void undo(KubernetesClient client) {
            ConfigMap current = client.configMaps().inNamespace(namespace).withName(configMap).get();
            if (current == null) {
                throw new UndoException("ConfigMap/" + configMap + " is gone: cannot restore its keys");
            }
            Map<String, String> data = current.getData() == null ? Map.of() : current.getData();
            List<String> ops = new ArrayList<>();
            if (current.getData() == null) {
                ops.add("{\"op\":\"add\",\"path\":\"/data\",\"value\":{}}");
            }
            previous.forEach((key, value) -> {
                String path = "/data/" + key.replace("~", "~0").replace("/", "~1");
                if (value == null) {
                    if (data.containsKey(key)) {
                        ops.add("{\"op\":\"remove\",\"path\":\"" + path + "\"}");
                    }
                } else {
                    ops.add("{\"op\":\"add\",\"path\":\"" + path + "\",\"value\":"
                            + ChaosJson.line(value) + "}");
                }
            });
            if (!ops.isEmpty()) {
                client.configMaps().inNamespace(namespace).withName(configMap)
                        .patch(PatchContext.of(PatchType.JSON), "[" + String.join(",", ops) + "]");
            }
            if (deployment != null && template != null) {
                new RestoreTemplate(namespace, deployment, template).undo(client);
            }
        }

        public String describe() {
            return "restore keys " + previous.keySet() + " of ConfigMap/" + configMap
                    + (deployment != null ? " and the pod template of Deployment/" + deployment : "");
        }
    }

    /** Puts an HPA's bounds back; a null minReplicas means the field was unset (Kubernetes defaults it to 1). */
    record RestoreHpaBounds(String namespace, String hpa, Integer minReplicas, int maxReplicas) implements Undo {
        public void undo(KubernetesClient client) {
            client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace).withName(hpa)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"minReplicas\":"
                            + (minReplicas == null ? 1 : minReplicas) + ",\"maxReplicas\":" + maxReplicas + "}}");
        }

        public String describe() {
            return "set HPA/" + hpa + " back to min " + minReplicas + ", max " + maxReplicas;
        }
    }

    /** Brings a localkube node back: its kubelet renews its Lease again and runs its pods. */
    record RecoverNode(String node) implements Undo {
        public void undo(KubernetesClient client) {
            client.nodes().withName(node).patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"metadata\":{\"annotations\":{\"" + NodeFailAction.FAILED_ANNOTATION + "\":null}}}");
        }

        public String describe() {
            return "start Node/" + node + " again";
        }
    }

    /** Ends an {@code api-outage} of the embedded cluster at {@code server} (idempotent: one already over stays over). */
    record EndApiOutage(String server) implements Undo {
        public void undo(KubernetesClient client) {
            try {
                ApiOutageAction.call(client, server, "DELETE", "");
            } catch (ChaosActionException e) {
                throw new UndoException("could not end the API outage: " + e.getMessage());
            }
        }

        public String describe() {
            return "end the API outage of " + server;
        }
    }

    /** Runs the plan's {@code provider.undo} command for a node a provider stopped. */
    record ProviderCommand(String node, String command) implements Undo {
        public void undo(KubernetesClient client) {
            try {
                ProviderCommands.run(command);
            } catch (ChaosActionException e) {
                throw new UndoException("Node/" + node + ": " + e.getMessage());
            }
        }

        public String describe() {
            return "run provider.undo for Node/" + node + ": " + command;
        }
    }

    /**
     * The injectors a run with several of them created: their Job (its pods go with it, in the background, as
     * {@code kubectl delete job} does) and the ConfigMap that handed them the plan. Gone already is done.
     */
    record DeleteInjectors(String namespace, String job, String configMap) implements Undo {
        /** How long the Job's pods may take to go once the Job is deleted (their grace period, then the kill). */
        static final Duration GONE_TIMEOUT = Duration.ofSeconds(60);

        public void undo(KubernetesClient client) {
            client.batch().v1().jobs().inNamespace(namespace).withName(job)
                    .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
            client.configMaps().inNamespace(namespace).withName(configMap).delete();
            long deadline = System.nanoTime() + GONE_TIMEOUT.toNanos();
            int pods;
            boolean jobLeft;
            do {
                jobLeft = client.batch().v1().jobs().inNamespace(namespace).withName(job).get() != null;
                pods = client.pods().inNamespace(namespace).withLabel("batch.kubernetes.io/job-name", job).list()
                        .getItems().size();
                if (!jobLeft && pods == 0) {
                    return;
                }
                Sleeper.pause(Duration.ofMillis(250));
            } while (System.nanoTime() < deadline);
            throw new UndoException((jobLeft ? "Job/" + job + " and " : "") + pods + " of its pods still there "
                    + GONE_TIMEOUT.toSeconds() + " s after the delete");
        }

        public String describe() {
            return "delete Job/" + job + " (its injector pods with it) and ConfigMap/" + configMap
                    + ", and wait until they are gone";
        }
    }

    /** An action that changed nothing restorable (e.g. draining a node that was already cordoned). */
    record Nothing(String reason) implements Undo {
        public void undo(KubernetesClient client) {
        }

        public String describe() {
            return "nothing to undo: " + reason;
        }
    }
}
