package dev.saleday.localkube.api.table;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Cell formats shared by several kinds, as kubectl shows them. */
final class Cells {

    static final String NONE = "<none>";

    private Cells() {
    }

    static String orNone(String value) {
        return value == null || value.isEmpty() ? NONE : value;
    }

    static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? "" : node.asText("");
    }

    static long number(JsonNode node) {
        return node == null ? 0 : node.asLong(0);
    }

    /** Names of a pod template's containers, comma-joined. */
    static String containers(JsonNode podSpec) {
        List<String> names = new ArrayList<>();
        podSpec.path("containers").forEach(c -> names.add(c.path("name").asText()));
        return String.join(",", names);
    }

    static String images(JsonNode podSpec) {
        List<String> images = new ArrayList<>();
        podSpec.path("containers").forEach(c -> images.add(c.path("image").asText()));
        return String.join(",", images);
    }

    /** A metav1.LabelSelector as a selector string, requirements sorted by key ({@code <none>} when empty). */
    static String labelSelector(JsonNode selector) {
        Map<String, String> byKey = new TreeMap<>();
        selector.path("matchLabels").properties().forEach(e -> byKey.put(e.getKey() + "\0=", e.getKey() + "="
                + e.getValue().asText()));
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            values.sort(null);
            String requirement = switch (expression.path("operator").asText()) {
                case "In" -> key + " in (" + String.join(",", values) + ")";
                case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
                case "Exists" -> key;
                case "DoesNotExist" -> "!" + key;
                default -> key + " " + expression.path("operator").asText();
            };
            byKey.put(key + "\0" + requirement, requirement);
        }
        return byKey.isEmpty() ? NONE : String.join(",", byKey.values());
    }

    /** A plain map selector (Services), {@code key=value} sorted by key. */
    static String mapSelector(JsonNode selector) {
        Map<String, String> sorted = new TreeMap<>();
        selector.properties().forEach(e -> sorted.put(e.getKey(), e.getKey() + "=" + e.getValue().asText()));
        return sorted.isEmpty() ? NONE : String.join(",", sorted.values());
    }

    /** An int-or-string field ({@code N/A} when unset), as a PodDisruptionBudget prints it. */
    static String intOrString(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? "N/A" : node.asText();
    }

    /** The first {@code max} values joined, then {@code  + N more...}. */
    static String firstOf(List<String> values, int max) {
        if (values.isEmpty()) {
            return NONE;
        }
        if (values.size() <= max) {
            return String.join(",", values);
        }
        return String.join(",", values.subList(0, max)) + " + " + (values.size() - max) + " more...";
    }
}
