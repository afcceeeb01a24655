package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/** Small helpers over Jackson trees of Kubernetes objects. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static Map<String, String> labels(JsonNode object) {
        Map<String, String> labels = new HashMap<>();
        object.path("metadata").path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    public static String name(JsonNode object) {
        return object.path("metadata").path("name").asText("");
    }

    public static String namespace(JsonNode object) {
        return object.path("metadata").path("namespace").asText("");
    }

    /** The object's metadata, created if absent. */
    public static ObjectNode metadata(ObjectNode object) {
        JsonNode metadata = object.get("metadata");
        if (metadata instanceof ObjectNode node) {
            return node;
        }
        return object.putObject("metadata");
    }

    /** RFC 3339 in seconds, as Kubernetes writes timestamps. */
    public static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public static ObjectNode parseObject(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("request body is not valid JSON: " + e.getMessage());
        }
        throw ApiException.badRequest("request body must be a JSON object");
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
