package dev.saleday.chaos;

import dev.saleday.plan.Action;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.util.ArrayList;
import java.util.List;

/** Patches an HPA's minReplicas / maxReplicas (autoscaling/v2). Undo: the bounds it had. */
final class HpaPatchAction implements FaultAction {

    private final Action.HpaPatch action;

    HpaPatchAction(Action.HpaPatch action) {
        this.action = action;
    }

    @Override
    public Step prepare(ActionContext context) {
        String namespace = context.namespace();
        String name = context.deployment(action.hpa());
        HorizontalPodAutoscaler hpa = context.client().autoscaling().v2().horizontalPodAutoscalers()
                .inNamespace(namespace).withName(name).get();
        if (hpa == null) {
            throw new ChaosActionException("HorizontalPodAutoscaler/" + name + " not found in namespace " + namespace);
        }
        Integer min = hpa.getSpec().getMinReplicas();
        int max = hpa.getSpec().getMaxReplicas();
        List<String> fields = new ArrayList<>();
        if (action.minReplicas() != null) {
            fields.add("\"minReplicas\":" + action.minReplicas());
        }
        if (action.maxReplicas() != null) {
            fields.add("\"maxReplicas\":" + action.maxReplicas());
        }
        String patch = "{\"spec\":{" + String.join(",", fields) + "}}";
        String change = "min " + min + " -> " + (action.minReplicas() != null ? action.minReplicas() : min)
                + ", max " + max + " -> " + (action.maxReplicas() != null ? action.maxReplicas() : max);
        return new Step(List.of("HorizontalPodAutoscaler/" + name), "patch HorizontalPodAutoscaler/" + name + ": "
                + change, new Undo.RestoreHpaBounds(namespace, name, min, max), 0, client -> {
            client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace).withName(name)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            return change;
        }, null);
    }
}
