package dev.saleday.chaos;

import dev.saleday.plan.Action;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.util.List;
import java.util.Map;

/**
 * Stops a node as a machine fails. On localkube (its nodes carry {@code node.kubernetes.io/instance-type:
 * localkube}) through the annotation {@value #FAILED_ANNOTATION}: the node's Lease stops, its pods' processes die,
 * and the node lifecycle controller does what a cluster's does. Elsewhere only the provider can stop a machine: the
 * plan's {@code provider.fail} command is run, and without one the action is refused. Undo: the annotation removed,
 * or {@code provider.undo} run.
 */
final class NodeFailAction implements FaultAction {

    /** The annotation localkube reads (localkube's NodeFailure); a real kubelet ignores it. */
    static final String FAILED_ANNOTATION = "localkube.saleday.dev/failed";
    static final String INSTANCE_TYPE_LABEL = "node.kubernetes.io/instance-type";

    private final Action.NodeFail action;

    NodeFailAction(Action.NodeFail action) {
        this.action = action;
    }

    @Override
    public Step prepare(ActionContext context) {
        Node node = context.client().nodes().withName(action.node()).get();
        if (node == null) {
            throw new ChaosActionException("Node/" + action.node() + " not found");
        }
        List<String> targets = List.of("Node/" + action.node());
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        if ("localkube".equals(labels.get(INSTANCE_TYPE_LABEL))) {
            return new Step(targets, "stop Node/" + action.node() + " (its Lease and its pods' processes)",
                    new Undo.RecoverNode(action.node()), 0, client -> {
                client.nodes().withName(action.node()).patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"annotations\":{\"" + FAILED_ANNOTATION + "\":\"true\"}}}");
                return "Node/" + action.node() + " stopped: Ready=Unknown after the node-monitor grace period";
            }, null);
        }
        if (action.provider() == null) {
            throw new ChaosActionException("node-fail refused: Node/" + action.node() + " is not a localkube node, "
                    + "and on a real cluster only the provider can stop a machine; name the commands that stop and "
                    + "start it in the fault (provider: {fail: ..., undo: ...}, see docs/CHAOS.md)");
        }
        return new Step(targets, "run provider.fail for Node/" + action.node() + ": " + action.provider().fail(),
                new Undo.ProviderCommand(action.node(), action.provider().undo()), 0, client ->
                ProviderCommands.run(action.provider().fail()), null);
    }
}
