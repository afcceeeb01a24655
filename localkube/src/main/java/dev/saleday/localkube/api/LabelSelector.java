package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A label selector in its query-string form, every operator Kubernetes has: {@code a=b}, {@code a==b},
 * {@code a!=b}, {@code a in (x,y)}, {@code a notin (x,y)}, {@code a}, {@code !a}. All requirements must hold.
 */
public final class LabelSelector {

    /** One requirement; {@code values} is empty for the exists operators. */
    public record Requirement(String key, Operator operator, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case IN -> value != null && values.contains(value);
                case NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> value != null;
                case DOES_NOT_EXIST -> value == null;
            };
        }
    }

    public enum Operator { IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

    private static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    public static LabelSelector everything() {
        return EVERYTHING;
    }

    public boolean isEverything() {
        return requirements.isEmpty();
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    public boolean matches(Map<String, String> labels) {
        for (Requirement requirement : requirements) {
            if (!requirement.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    public boolean matches(JsonNode object) {
        return matches(Json.labels(object));
    }

    /** Parses the {@code labelSelector} query parameter; a malformed one is a 400 naming the offending part. */
    public static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> requirements = new ArrayList<>();
        for (String term : splitTopLevel(text)) {
            requirements.add(parseTerm(term.trim(), text));
        }
        return new LabelSelector(requirements);
    }

    /**
     * The selector of a {@code metav1.LabelSelector} object ({@code matchLabels} + {@code matchExpressions}).
     * A null or empty object selects everything, as Kubernetes reads it for a PodDisruptionBudget.
     */
    public static LabelSelector fromObject(JsonNode selector) {
        if (selector == null || selector.isNull()) {
            return EVERYTHING;
        }
        List<Requirement> requirements = new ArrayList<>();
        selector.path("matchLabels").properties().forEach(e ->
                requirements.add(new Requirement(e.getKey(), Operator.IN, Set.of(e.getValue().asText()))));
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            Set<String> values = new java.util.HashSet<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            String op = expression.path("operator").asText();
            Function<String, Operator> parse = o -> switch (o) {
                case "In" -> Operator.IN;
                case "NotIn" -> Operator.NOT_IN;
                case "Exists" -> Operator.EXISTS;
                case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
                default -> throw ApiException.badRequest("matchExpressions operator must be In, NotIn, Exists or "
                        + "DoesNotExist, got '" + o + "'");
            };
            requirements.add(new Requirement(key, parse.apply(op), Set.copyOf(values)));
        }
        return new LabelSelector(requirements);
    }

    /** The query-string form, e.g. for a Scale's {@code status.selector}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Requirement r : requirements) {
            parts.add(switch (r.operator()) {
                case IN -> r.values().size() == 1 ? r.key() + "=" + r.values().iterator().next()
                        : r.key() + " in (" + String.join(",", new java.util.TreeSet<>(r.values())) + ")";
                case NOT_IN -> r.key() + " notin (" + String.join(",", new java.util.TreeSet<>(r.values())) + ")";
                case EXISTS -> r.key();
                case DOES_NOT_EXIST -> "!" + r.key();
            });
        }
        return String.join(",", parts);
    }

    private static List<String> splitTopLevel(String text) {
        List<String> terms = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                terms.add(text.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(text.substring(start));
        return terms;
    }

    private static Requirement parseTerm(String term, String whole) {
        if (term.isEmpty()) {
            throw ApiException.badRequest("labelSelector '" + whole + "': empty requirement");
        }
        if (term.startsWith("!")) {
            return new Requirement(key(term.substring(1).trim(), whole), Operator.DOES_NOT_EXIST, Set.of());
        }
        int neq = term.indexOf("!=");
        if (neq > 0) {
            return new Requirement(key(term.substring(0, neq).trim(), whole), Operator.NOT_IN,
                    Set.of(term.substring(neq + 2).trim()));
        }
        int eq = term.indexOf('=');
        if (eq > 0) {
            String value = term.substring(term.startsWith("==", eq) ? eq + 2 : eq + 1).trim();
            return new Requirement(key(term.substring(0, eq).trim(), whole), Operator.IN, Set.of(value));
        }
        String[] words = term.split("\\s+", 2);
        if (words.length == 2) {
            String rest = words[1].trim();
            Operator operator;
            String list;
            if (rest.startsWith("notin")) {
                operator = Operator.NOT_IN;
                list = rest.substring(5).trim();
            } else if (rest.startsWith("in")) {
                operator = Operator.IN;
                list = rest.substring(2).trim();
            } else {
                throw ApiException.badRequest("labelSelector '" + whole + "': expected in or notin after '"
                        + words[0] + "', got '" + rest + "'");
            }
            if (!list.startsWith("(") || !list.endsWith(")")) {
                throw ApiException.badRequest("labelSelector '" + whole + "': expected a (value,...) list in '"
                        + term + "'");
            }
            Set<String> values = new java.util.HashSet<>();
            for (String v : list.substring(1, list.length() - 1).split(",")) {
                if (!v.isBlank()) {
                    values.add(v.trim());
                }
            }
            return new Requirement(key(words[0], whole), operator, Set.copyOf(values));
        }
        return new Requirement(key(term, whole), Operator.EXISTS, Set.of());
    }

    private static String key(String key, String whole) {
        if (key.isEmpty() || !key.matches("[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?")) {
            throw ApiException.badRequest("labelSelector '" + whole + "': invalid label key '" + key + "'");
        }
        return key;
    }
}
