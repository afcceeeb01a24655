package dev.saleday.plan;

import java.math.BigDecimal;
import java.time.Duration;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Converters from YAML scalars to plan values; each throws IllegalArgumentException saying what was expected. */
final class Scalars {

    private Scalars() {
    }

    static String string(Node node) {
        return scalar(node, "a text").getValue();
    }

    static double number(Node node) {
        ScalarNode scalar = scalar(node, "a number");
        if (!scalar.getTag().equals(Tag.INT) && !scalar.getTag().equals(Tag.FLOAT)) {
            throw new IllegalArgumentException("expected a number, got " + YamlMap.describe(node));
        }
        try {
            return new BigDecimal(scalar.getValue().replace("_", "")).doubleValue();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number, got " + YamlMap.describe(node));
        }
    }

    static long integer(Node node) {
        ScalarNode scalar = scalar(node, "a whole number");
        if (!scalar.getTag().equals(Tag.INT)) {
            throw new IllegalArgumentException("expected a whole number, got " + YamlMap.describe(node));
        }
        try {
            return Long.parseLong(scalar.getValue().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number (decimal), got " + YamlMap.describe(node));
        }
    }

    static boolean bool(Node node) {
        ScalarNode scalar = scalar(node, "true or false");
        if (!scalar.getTag().equals(Tag.BOOL)) {
            throw new IllegalArgumentException("expected true or false, got " + YamlMap.describe(node));
        }
        return scalar.getValue().equalsIgnoreCase("true") || scalar.getValue().equalsIgnoreCase("yes")
                || scalar.getValue().equalsIgnoreCase("on");
    }

    static Duration duration(Node node) {
        return Durations.parse(scalar(node, "a duration such as 500ms, 30s, 2m or 1m30s").getValue());
    }

    static double percent(Node node) {
        return Percentages.parse(scalar(node, "a percentage such as 30% or 0.5%").getValue());
    }

    /** A count: a whole number >= 0 or a percentage. */
    static Count count(Node node) {
        ScalarNode scalar = scalar(node, "a whole number or a percentage such as 3 or 30%");
        if (scalar.getTag().equals(Tag.INT)) {
            long value = integer(node);
            if (value < 0 || value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("expected a count >= 0, got " + value);
            }
            return Count.of((int) value);
        }
        if (scalar.getValue().trim().endsWith("%")) {
            return new Count(0, percent(node));
        }
        throw new IllegalArgumentException("expected a whole number or a percentage such as 3 or 30%, got "
                + YamlMap.describe(node));
    }

    private static ScalarNode scalar(Node node, String expected) {
        if (!(node instanceof ScalarNode scalar)) {
            throw new IllegalArgumentException("expected " + expected + ", got " + YamlMap.describe(node));
        }
        return scalar;
    }
}
