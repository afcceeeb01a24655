package dev.saleday.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Kubernetes label selector, parsed into requirements that all must hold: the one selector of saleday, for a
 * plan's {@code pod-kill}, chaos' PodDisruptionBudget check and localkube's API server and controllers. Two forms
 * are read: the string form of kubectl and of the {@code labelSelector} query parameter
 * ({@code app=recommendation,tier in (web,api),!canary}), and the object form of a {@code metav1.LabelSelector}
 * ({@code matchLabels} and {@code matchExpressions} with In, NotIn, Exists, DoesNotExist). A selector without
 * requirements selects everything.
 */
public record LabelSelector(List<Requirement> requirements) {

    private static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    public LabelSelector {
        requirements = List.copyOf(requirements);
    }

    /** @return the selector without requirements, which every set of labels satisfies */
    public static LabelSelector everything() {
        return EVERYTHING;
    }

    public boolean isEverything() {
        return requirements.isEmpty();
    }

    /**
     * @param text the selector as kubectl accepts it: {@code k=v}, {@code k==v}, {@code k!=v},
     *             {@code k in (a,b)}, {@code k notin (a,b)}, {@code k}, {@code !k}, joined by commas
     * @throws IllegalArgumentException with a message that says what was expected (also for an empty text: a plan's
     *                                  selector must select something named)
     */
    public static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("expected a label selector such as 'app=recommendation', got nothing");
        }
        List<Requirement> requirements = new ArrayList<>();
        for (String part : splitTopLevel(text)) {
            requirements.add(Requirement.parse(part.trim()));
        }
        return new LabelSelector(requirements);
    }

    /**
     * As {@link #parse}, but no text (a request without {@code labelSelector}) selects everything.
     *
     * @throws IllegalArgumentException naming the part that could not be read
     */
    public static LabelSelector parseQuery(String text) {
        return text == null || text.isBlank() ? EVERYTHING : parse(text);
    }

    /**
     * The object form, {@code metav1.LabelSelector}.
     *
     * @param matchLabels each key must have exactly the value; null for none
     * @param expressions set-based requirements; null for none
     * @throws IllegalArgumentException for an operator other than In, NotIn, Exists, DoesNotExist
     */
    public static LabelSelector of(Map<String, String> matchLabels, List<Expression> expressions) {
        List<Requirement> requirements = new ArrayList<>();
        if (matchLabels != null) {
            matchLabels.forEach((key, value) -> requirements.add(
                    new Requirement(key, Operator.EQUALS, List.of(value))));
        }
        if (expressions != null) {
            for (Expression expression : expressions) {
                requirements.add(expression.requirement());
            }
        }
        return new LabelSelector(requirements);
    }

    /** @return whether a set of labels (null: none) satisfies every requirement */
    public boolean matches(Map<String, String> labels) {
        Map<String, String> actual = labels == null ? Map.of() : labels;
        return requirements.stream().allMatch(r -> r.matches(actual));
    }

    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
    }

    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    public enum Operator { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

    /**
     * One {@code matchExpressions} entry as the API writes it.
     *
     * @param operator In, NotIn, Exists or DoesNotExist
     * @param values   the values of In and NotIn; null for none
     */
    public record Expression(String key, String operator, List<String> values) {

        Requirement requirement() {
            List<String> written = values == null ? List.of() : values;
            return switch (operator == null ? "" : operator) {
                case "In" -> new Requirement(key, Operator.IN, written);
                case "NotIn" -> new Requirement(key, Operator.NOT_IN, written);
                case "Exists" -> new Requirement(key, Operator.EXISTS, List.of());
                case "DoesNotExist" -> new Requirement(key, Operator.DOES_NOT_EXIST, List.of());
                default -> throw new IllegalArgumentException("matchExpressions operator must be In, NotIn, Exists or"
                        + " DoesNotExist, got '" + operator + "'");
            };
        }
    }

    /** One requirement: {@code key op values}. */
    public record Requirement(String key, Operator operator, List<String> values) {

        private static final java.util.regex.Pattern KEY =
                java.util.regex.Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
        private static final java.util.regex.Pattern VALUE =
                java.util.regex.Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");

        public Requirement {
            values = List.copyOf(values);
        }

        static Requirement parse(String part) {
            java.util.regex.Matcher set = java.util.regex.Pattern
                    .compile("(\\S+)\\s+(in|notin)\\s*\\(([^)]*)\\)").matcher(part);
            if (set.matches()) {
                List<String> values = new ArrayList<>();
                for (String v : set.group(3).split(",")) {
                    values.add(checkValue(v.trim(), part));
                }
                return new Requirement(checkKey(set.group(1), part),
                        set.group(2).equals("in") ? Operator.IN : Operator.NOT_IN, values);
            }
            String[][] binary = {{"!=", "NOT_EQUALS"}, {"==", "EQUALS"}, {"=", "EQUALS"}};
            for (String[] op : binary) {
                int at = part.indexOf(op[0]);
                if (at > 0) {
                    return new Requirement(checkKey(part.substring(0, at).trim(), part), Operator.valueOf(op[1]),
                            List.of(checkValue(part.substring(at + op[0].length()).trim(), part)));
                }
            }
            if (part.startsWith("!")) {
                return new Requirement(checkKey(part.substring(1).trim(), part), Operator.DOES_NOT_EXIST, List.of());
            }
            return new Requirement(checkKey(part, part), Operator.EXISTS, List.of());
        }

        private static String checkKey(String key, String part) {
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("expected a label key such as 'app' or 'example.com/tier' in '"
                        + part + "', got '" + key + "'");
            }
            return key;
        }

        private static String checkValue(String value, String part) {
            if (!VALUE.matcher(value).matches() || value.length() > 63) {
                throw new IllegalArgumentException("expected a label value (letters, digits, '-', '_', '.', at most 63)"
                        + " in '" + part + "', got '" + value + "'");
            }
            return value;
        }

        public boolean matches(Map<String, String> labels) {
            String actual = labels.get(key);
            return switch (operator) {
                case EQUALS -> values.get(0).equals(actual);
                case NOT_EQUALS -> !values.get(0).equals(actual);
                case IN -> actual != null && values.contains(actual);
                case NOT_IN -> actual == null || !values.contains(actual);
                case EXISTS -> actual != null;
                case DOES_NOT_EXIST -> actual == null;
            };
        }

        @Override
        public String toString() {
            return switch (operator) {
                case EQUALS -> key + "=" + values.get(0);
                case NOT_EQUALS -> key + "!=" + values.get(0);
                case IN -> key + " in (" + String.join(",", values) + ")";
                case NOT_IN -> key + " notin (" + String.join(",", values) + ")";
                case EXISTS -> key;
                case DOES_NOT_EXIST -> "!" + key;
            };
        }
    }
}
