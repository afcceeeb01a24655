package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.saleday.plan.LabelSelector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API server's side of {@link LabelSelector}: read from the {@code labelSelector} query parameter or from a
 * {@code metav1.LabelSelector} object, applied to stored objects; a selector that cannot be read is a 400.
 */
public final class LabelSelectors {

    private LabelSelectors() {
    }

    /** Parses the {@code labelSelector} query parameter; none selects everything, a malformed one is a 400. */
    public static LabelSelector query(String text) {
        try {
            return LabelSelector.parseQuery(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("labelSelector '" + text + "': " + e.getMessage());
        }
    }

    /**
     * The selector of a {@code metav1.LabelSelector} object ({@code matchLabels} + {@code matchExpressions}).
     * A null or empty object selects everything, as Kubernetes reads it for a PodDisruptionBudget.
     */
    public static LabelSelector fromObject(JsonNode selector) {
        if (selector == null || selector.isNull()) {
            return LabelSelector.everything();
        }
        Map<String, String> matchLabels = new LinkedHashMap<>();
        selector.path("matchLabels").properties().forEach(e -> matchLabels.put(e.getKey(), e.getValue().asText()));
        List<LabelSelector.Expression> expressions = new ArrayList<>();
        for (JsonNode expression : selector.path("matchExpressions")) {
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            expressions.add(new LabelSelector.Expression(expression.path("key").asText(),
                    expression.path("operator").asText(), values));
        }
        try {
            return LabelSelector.of(matchLabels, expressions);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** @return whether the object's {@code metadata.labels} satisfy the selector */
    public static boolean matches(LabelSelector selector, JsonNode object) {
        return selector.matches(Json.labels(object));
    }
}
