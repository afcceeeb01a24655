package dev.saleday.chaos;

import dev.saleday.plan.Action;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.util.List;

/**
 * Starts a rollout: sets one container's image ({@code kubectl set image}), or, with no image, restarts the pods
 * through the {@code kubectl.kubernetes.io/restartedAt} template annotation ({@code kubectl rollout restart}).
 * Undo: the pod template as it was.
 */
final class RolloutAction implements FaultAction {

    private final Action.Rollout action;

    RolloutAction(Action.Rollout action) {
        this.action = action;
    }

    @Override
    public Step prepare(ActionContext context) {
        String namespace = context.namespace();
        String name = context.deployment(action.deployment());
        Deployment deployment = Deployments.require(context.client(), namespace, name);
        Undo undo = new Undo.RestoreTemplate(namespace, name, ChaosJson.tree(deployment.getSpec().getTemplate()));
        List<String> targets = List.of("Deployment/" + name);
        if (action.image() == null) {
            return new Step(targets, "restart the pods of Deployment/" + name + " (annotation "
                    + Deployments.RESTARTED_AT + ")", undo, 0, client -> {
                Deployments.restart(client, namespace, name, context.clockMillis().getAsLong());
                return "restarted Deployment/" + name;
            }, null);
        }
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        String containerName = action.container() != null ? action.container() : context.plan().target().container();
        int index = -1;
        for (int i = 0; i < containers.size(); i++) {
            if (containerName == null ? i == 0 : containerName.equals(containers.get(i).getName())) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            throw new ChaosActionException("Deployment/" + name + " has no container named '" + containerName + "'");
        }
        String from = containers.get(index).getImage();
        String container = containers.get(index).getName();
        String patch = "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/" + index + "/image\",\"value\":"
                + ChaosJson.line(action.image()) + "}]";
        return new Step(targets, "set image of container " + container + " in Deployment/" + name + " from "
                + from + " to " + action.image(), undo, 0, client -> {
            client.apps().deployments().inNamespace(namespace).withName(name)
                    .patch(PatchContext.of(PatchType.JSON), patch);
            return "image " + from + " -> " + action.image();
        }, null);
    }
}
