package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saleday.plan.LabelSelector;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code pods/eviction} subresource: an eviction is a delete that a PodDisruptionBudget may refuse (429).
 * Decided under the store's lock so two concurrent evictions cannot both spend the last allowed disruption.
 *
 * <p>Simplification, documented in docs/LOCALKUBE.md: the expected pod count is the sum of the scale of the pods'
 * controllers (Deployment, else ReplicaSet, StatefulSet), or the number of selected pods when they have none;
 * unhealthy pods follow the default {@code IfHealthyBudget} policy.
 */
final class Evictions {

    private static final ResourceType PODS = ResourceTypes.require("", "pods");
    private static final ResourceType PDBS = ResourceTypes.require("policy", "poddisruptionbudgets");
    private static final ResourceType REPLICA_SETS = ResourceTypes.require("apps", "replicasets");
    private static final ResourceType DEPLOYMENTS = ResourceTypes.require("apps", "deployments");
    private static final ResourceType STATEFUL_SETS = ResourceTypes.require("apps", "statefulsets");

    /** A budget's arithmetic, as the disruption controller computes it. */
    record Budget(String name, int expectedPods, int currentHealthy, int desiredHealthy) {
        int disruptionsAllowed() {
            return Math.max(0, currentHealthy - desiredHealthy);
        }
    }

    private final Store store;

    Evictions(Store store) {
        this.store = store;
    }

    /** @return the pod after the eviction's delete */
    ObjectNode evict(String namespace, String podName, JsonNode eviction) {
        synchronized (store) {
            ObjectNode pod = store.require(PODS, namespace, podName);
            JsonNode options = eviction.path("deleteOptions");
            Long grace = options.has("gracePeriodSeconds") ? options.get("gracePeriodSeconds").asLong() : null;
            boolean terminating = pod.path("metadata").has("deletionTimestamp");
            String phase = pod.path("status").path("phase").asText("");
            if (!terminating && !phase.equals("Pending") && !phase.equals("Succeeded") && !phase.equals("Failed")) {
                List<ObjectNode> budgets = budgetsFor(pod);
                if (budgets.size() > 1) {
                    throw new ApiException(500, "InternalError", "This pod has more than one PodDisruptionBudget, "
                            + "which the eviction subresource does not support.");
                }
                if (budgets.size() == 1) {
                    Budget budget = budget(budgets.get(0));
                    boolean allowed = ready(pod) ? budget.disruptionsAllowed() > 0
                            : budget.currentHealthy() >= budget.desiredHealthy();
                    if (!allowed) {
                        ApiException refused = new ApiException(429, "TooManyRequests",
                                "Cannot evict pod as it would violate the pod's disruption budget.");
                        throw refused;
                    }
                }
            }
            ObjectNode deleted = store.delete(PODS, namespace, podName, grace, null, null);
            return deleted;
        }
    }

    /** The message a refused eviction carries in its Status details, naming the budget's numbers. */
    String refusalCause(String namespace, String podName) {
        synchronized (store) {
            ObjectNode pod = store.require(PODS, namespace, podName);
            List<ObjectNode> budgets = budgetsFor(pod);
            if (budgets.isEmpty()) {
                return "";
            }
            Budget b = budget(budgets.get(0));
            return "The disruption budget " + b.name() + " needs " + b.desiredHealthy() + " healthy pods and has "
                    + b.currentHealthy() + " currently";
        }
    }

    List<ObjectNode> budgetsFor(ObjectNode pod) {
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode pdb : store.list(PDBS, Json.namespace(pod), LabelSelector.everything(), FieldSelector.parse(null),
                0, null).items()) {
            JsonNode selector = pdb.path("spec").get("selector");
            if (selector != null && !selector.isNull() && LabelSelectors.matches(LabelSelectors.fromObject(selector), pod)) {
                matching.add(pdb);
            }
        }
        return matching;
    }

    Budget budget(ObjectNode pdb) {
        String namespace = Json.namespace(pdb);
        LabelSelector selector = LabelSelectors.fromObject(pdb.path("spec").get("selector"));
        List<ObjectNode> pods = new ArrayList<>();
        for (ObjectNode pod : store.list(PODS, namespace, selector, FieldSelector.parse(null), 0, null).items()) {
            if (!pod.path("metadata").has("deletionTimestamp")) {
                pods.add(pod);
            }
        }
        int healthy = (int) pods.stream().filter(Evictions::ready).count();
        int expected = expectedPods(namespace, pods);
        JsonNode spec = pdb.path("spec");
        int desired;
        if (spec.has("minAvailable")) {
            desired = scaled(spec.get("minAvailable"), expected);
        } else if (spec.has("maxUnavailable")) {
            desired = Math.max(0, expected - scaled(spec.get("maxUnavailable"), expected));
        } else {
            desired = expected;
        }
        return new Budget(Json.name(pdb), expected, healthy, desired);
    }

    private int expectedPods(String namespace, List<ObjectNode> pods) {
        Set<String> controllers = new HashSet<>();
        int expected = 0;
        int uncontrolled = 0;
        for (ObjectNode pod : pods) {
            JsonNode owner = controllerOf(pod);
            if (owner == null) {
                uncontrolled++;
                continue;
            }
            String kind = owner.path("kind").asText();
            String name = owner.path("name").asText();
            if (kind.equals("ReplicaSet")) {
                ObjectNode rs = store.get(REPLICA_SETS, namespace, name).orElse(null);
                JsonNode deployment = rs == null ? null : controllerOf(rs);
                if (deployment != null && deployment.path("kind").asText().equals("Deployment")) {
                    if (controllers.add("Deployment/" + deployment.path("name").asText())) {
                        expected += store.get(DEPLOYMENTS, namespace, deployment.path("name").asText())
                                .map(d -> d.path("spec").path("replicas").asInt(1)).orElse(0);
                    }
                } else if (rs != null && controllers.add("ReplicaSet/" + name)) {
                    expected += rs.path("spec").path("replicas").asInt(1);
                }
            } else if (kind.equals("StatefulSet") && controllers.add("StatefulSet/" + name)) {
                expected += store.get(STATEFUL_SETS, namespace, name)
                        .map(s -> s.path("spec").path("replicas").asInt(1)).orElse(0);
            } else if (!kind.equals("ReplicaSet") && !kind.equals("StatefulSet")) {
                uncontrolled++;
            }
        }
        return expected + uncontrolled;
    }

    private static JsonNode controllerOf(JsonNode object) {
        for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
            if (ref.path("controller").asBoolean(false)) {
                return ref;
            }
        }
        return null;
    }

    /** Ints as they are, percentages of {@code total} rounded up (Kubernetes' GetScaledValueFromIntOrPercent). */
    static int scaled(JsonNode value, int total) {
        String text = value.asText();
        if (text.endsWith("%")) {
            int percent = Integer.parseInt(text.substring(0, text.length() - 1));
            return (int) Math.ceil(percent * total / 100.0);
        }
        return value.asInt();
    }

    static boolean ready(JsonNode pod) {
        for (JsonNode condition : pod.path("status").path("conditions")) {
            if (condition.path("type").asText().equals("Ready")) {
                return condition.path("status").asText().equals("True");
            }
        }
        return false;
    }
}
