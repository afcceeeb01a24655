package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * HorizontalPodAutoscalers served at {@code autoscaling/v1} (what {@code kubectl autoscale} creates), stored as
 * {@code autoscaling/v2}, converted both ways as the API server converts them: {@code targetCPUUtilizationPercentage}
 * is the first CPU Resource metric's averageUtilization (80 when unset, the controller's default), and
 * {@code currentCPUUtilizationPercentage} its current value. A v1 write keeps the stored object's behavior and its
 * other metrics, which v1 cannot express.
 */
final class HpaV1 {

    static final ResourceType SERVED = ResourceTypes.find("autoscaling", "v1", "horizontalpodautoscalers").orElseThrow();
    static final ResourceType STORED = ResourceTypes.find("autoscaling", "v2", "horizontalpodautoscalers").orElseThrow();
    private static final int DEFAULT_CPU_PERCENT = 80;

    private HpaV1() {
    }

    static boolean served(ResourceType type) {
        return type.equals(SERVED);
    }

    /** A v1 object as v2; {@code stored} (or null) is the v2 object it replaces. */
    static ObjectNode toV2(ObjectNode v1, ObjectNode stored) {
        ObjectNode v2 = v1.deepCopy();
        v2.put("apiVersion", STORED.apiVersion());
        v2.put("kind", STORED.kind());
        ObjectNode spec = v2.get("spec") instanceof ObjectNode s ? s : v2.putObject("spec");
        int target = spec.has("targetCPUUtilizationPercentage") && !spec.get("targetCPUUtilizationPercentage").isNull()
                ? spec.get("targetCPUUtilizationPercentage").asInt() : DEFAULT_CPU_PERCENT;
        spec.remove("targetCPUUtilizationPercentage");
        ArrayNode metrics = spec.putArray("metrics");
        ObjectNode cpu = metrics.addObject();
        cpu.put("type", "Resource");
        ObjectNode resource = cpu.putObject("resource");
        resource.put("name", "cpu");
        ObjectNode goal = resource.putObject("target");
        goal.put("type", "Utilization");
        goal.put("averageUtilization", target);
        if (stored != null) {
            for (JsonNode metric : stored.path("spec").path("metrics")) {
                if (!isCpu(metric)) {
                    metrics.add(metric.deepCopy());
                }
            }
            if (stored.path("spec").has("behavior")) {
                spec.set("behavior", stored.path("spec").get("behavior").deepCopy());
            }
        }
        JsonNode status = v2.get("status");
        if (status instanceof ObjectNode s) {
            s.remove("currentCPUUtilizationPercentage");
            if (stored != null && stored.has("status")) {
                v2.set("status", stored.get("status").deepCopy());
            }
        }
        return v2;
    }

    /** A stored v2 object (or a list of them, or a Status) as v1 shows it. */
    static JsonNode toV1(JsonNode answer) {
        if (!(answer instanceof ObjectNode object)) {
            return answer;
        }
        if (object.has("items")) {
            ObjectNode list = object.deepCopy();
            list.put("apiVersion", SERVED.apiVersion());
            ArrayNode items = list.putArray("items");
            object.get("items").forEach(item -> items.add(toV1(item)));
            return list;
        }
        if (!STORED.kind().equals(object.path("kind").asText(STORED.kind())) || !object.has("spec")) {
            return object;
        }
        ObjectNode v1 = object.deepCopy();
        v1.put("apiVersion", SERVED.apiVersion());
        v1.put("kind", SERVED.kind());
        ObjectNode spec = (ObjectNode) v1.get("spec");
        JsonNode cpu = null;
        for (JsonNode metric : object.path("spec").path("metrics")) {
            if (isCpu(metric) && cpu == null) {
                cpu = metric;
            }
        }
        spec.remove("metrics");
        spec.remove("behavior");
        if (cpu != null && cpu.path("resource").path("target").has("averageUtilization")) {
            spec.put("targetCPUUtilizationPercentage", cpu.path("resource").path("target").get("averageUtilization")
                    .asInt());
        }
        if (v1.get("status") instanceof ObjectNode status) {
            ObjectNode converted = v1.putObject("status");
            for (String field : new String[]{"observedGeneration", "lastScaleTime", "currentReplicas",
                    "desiredReplicas"}) {
                if (status.has(field)) {
                    converted.set(field, status.get(field));
                }
            }
            for (JsonNode metric : status.path("currentMetrics")) {
                JsonNode utilization = metric.path("resource").path("current").path("averageUtilization");
                if (isCpu(metric) && utilization.isNumber()) {
                    converted.put("currentCPUUtilizationPercentage", utilization.asInt());
                }
            }
        }
        return v1;
    }

    private static boolean isCpu(JsonNode metric) {
        return metric.path("type").asText().equals("Resource") && metric.path("resource").path("name").asText()
                .equals("cpu");
    }
}
