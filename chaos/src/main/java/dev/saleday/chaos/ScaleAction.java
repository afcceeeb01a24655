package dev.saleday.chaos;

import dev.saleday.plan.Action;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.util.List;

/** Sets a Deployment's spec.replicas. Undo: the replicas it had. */
final class ScaleAction implements FaultAction {

    private final Action.Scale action;

    ScaleAction(Action.Scale action) {
        this.action = action;
    }

    @Override
    public Step prepare(ActionContext context) {
        String namespace = context.namespace();
        String name = context.deployment(action.deployment());
        Deployment deployment = Deployments.require(context.client(), namespace, name);
        int before = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        return new Step(List.of("Deployment/" + name), "scale Deployment/" + name + " from " + before + " to "
                + action.replicas() + " replicas", new Undo.RestoreReplicas(namespace, name, before), 0, client -> {
            client.apps().deployments().inNamespace(namespace).withName(name)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + action.replicas() + "}}");
            return "replicas " + before + " -> " + action.replicas();
        }, null);
    }
}
