package dev.saleday.chaos;

import dev.saleday.plan.Action;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Patches ConfigMap keys (e.g. FAULT_LATENCY_MS), then, when asked, restarts a Deployment so its pods read them.
 * Undo: the keys' old values (absent keys removed), and the Deployment's template from before the restart.
 */
final class ConfigChangeAction implements FaultAction {

    private final Action.ConfigChange action;

    ConfigChangeAction(Action.ConfigChange action) {
        this.action = action;
    }

    @Override
    public Step prepare(ActionContext context) {
        String namespace = context.namespace();
        ConfigMap configMap = context.client().configMaps().inNamespace(namespace).withName(action.configMap()).get();
        if (configMap == null) {
            throw new ChaosActionException("ConfigMap/" + action.configMap() + " not found in namespace " + namespace);
        }
        Map<String, String> data = configMap.getData() == null ? Map.of() : configMap.getData();
        Map<String, String> previous = new LinkedHashMap<>();
        new TreeMap<>(action.data()).keySet().forEach(key -> previous.put(key, data.get(key)));
        List<String> targets = new ArrayList<>(List.of("ConfigMap/" + action.configMap()));
        String deploymentName = action.restart() ? context.deployment(action.deployment()) : null;
        Deployment deployment = deploymentName == null ? null
                : Deployments.require(context.client(), namespace, deploymentName);
        if (deployment != null) {
            targets.add("Deployment/" + deploymentName);
        }
        Undo undo = new Undo.RestoreConfigMap(namespace, action.configMap(), previous, deploymentName,
                deployment == null ? null : ChaosJson.tree(deployment.getSpec().getTemplate()));
        String patch = "{\"data\":" + ChaosJson.line(new TreeMap<>(action.data())) + "}";
        String description = "set " + new TreeMap<>(action.data()) + " in ConfigMap/" + action.configMap()
                + " (was " + previous + ")" + (deployment != null ? ", then restart Deployment/" + deploymentName : "");
        return new Step(targets, description, undo, 0, client -> {
            client.configMaps().inNamespace(namespace).withName(action.configMap())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            if (deploymentName != null) {
                Deployments.restart(client, namespace, deploymentName, context.clockMillis().getAsLong());
            }
            return "set " + action.data().keySet() + (deploymentName != null ? " and restarted " + deploymentName : "");
        }, null);
    }
}
