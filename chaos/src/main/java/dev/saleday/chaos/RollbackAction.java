package dev.saleday.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saleday.plan.Action;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rolls a Deployment back as {@code kubectl rollout undo} does: copies the pod template of the ReplicaSet of the
 * previous revision (or of {@code toRevision}) into the Deployment, without the pod-template-hash label.
 * Undo: rolls forward, i.e. puts the template from before the rollback back.
 */
final class RollbackAction implements FaultAction {

    static final String POD_TEMPLATE_HASH = "pod-template-hash";

    private final Action.Rollback action;

    RollbackAction(Action.Rollback action) {
        this.action = action;
    }

    @Override
    public Step prepare(ActionContext context) {
        String namespace = context.namespace();
        String name = context.deployment(action.deployment());
        Deployment deployment = Deployments.require(context.client(), namespace, name);
        long current = revision(deployment.getMetadata().getAnnotations());
        List<ReplicaSet> owned = context.client().apps().replicaSets().inNamespace(namespace).list().getItems()
                .stream().filter(rs -> ownedBy(rs, deployment)).toList();
        Optional<ReplicaSet> previous = action.toRevision() != null
                ? owned.stream().filter(rs -> revision(rs.getMetadata().getAnnotations()) == action.toRevision())
                .findFirst()
                : owned.stream().filter(rs -> revision(rs.getMetadata().getAnnotations()) < current
                        || current < 0 && revision(rs.getMetadata().getAnnotations()) >= 0)
                .filter(rs -> revision(rs.getMetadata().getAnnotations()) >= 0)
                .max(Comparator.comparingLong(rs -> revision(rs.getMetadata().getAnnotations())));
        if (previous.isEmpty()) {
            throw new ChaosActionException("Deployment/" + name + " has no " + (action.toRevision() != null
                    ? "revision " + action.toRevision() : "revision before " + current) + " to roll back to");
        }
        ReplicaSet from = previous.get();
        JsonNode template = ChaosJson.tree(from.getSpec().getTemplate());
        JsonNode labels = template.path("metadata").path("labels");
        if (labels instanceof ObjectNode object) {
            object.remove(POD_TEMPLATE_HASH);
        }
        Undo undo = new Undo.RestoreTemplate(namespace, name, ChaosJson.tree(deployment.getSpec().getTemplate()));
        long toRevision = revision(from.getMetadata().getAnnotations());
        String patch = "[{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":" + template + "}]";
        return new Step(List.of("Deployment/" + name, "ReplicaSet/" + from.getMetadata().getName()),
                "roll Deployment/" + name + " back from revision " + current + " to revision " + toRevision
                        + " (template of ReplicaSet/" + from.getMetadata().getName() + ")", undo, 0, client -> {
            client.apps().deployments().inNamespace(namespace).withName(name)
                    .patch(PatchContext.of(PatchType.JSON), patch);
            return "rolled back to revision " + toRevision;
        }, null);
    }

    private static boolean ownedBy(ReplicaSet rs, Deployment deployment) {
        return rs.getMetadata().getOwnerReferences() != null && rs.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> "Deployment".equals(o.getKind())
                        && (deployment.getMetadata().getUid() != null && deployment.getMetadata().getUid().equals(o.getUid())
                        || deployment.getMetadata().getName().equals(o.getName())));
    }

    static long revision(Map<String, String> annotations) {
        if (annotations == null || annotations.get(Deployments.REVISION) == null) {
            return -1;
        }
        try {
            return Long.parseLong(annotations.get(Deployments.REVISION));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
