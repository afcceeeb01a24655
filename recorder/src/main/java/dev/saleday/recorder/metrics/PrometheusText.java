package dev.saleday.recorder.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the Prometheus text exposition format (version 0.0.4): every sample line becomes one entry, keyed by its
 * series exactly as written ({@code name} or {@code name{labels}}), valued by its number ({@code NaN}, {@code +Inf}
 * and {@code -Inf} included). Comments, {@code # HELP}/{@code # TYPE} lines, blank lines and timestamps are dropped.
 */
public final class PrometheusText {

    private PrometheusText() {
    }

    /**
     * @throws IllegalArgumentException naming the line when a sample line has no value or an unreadable one
     */
    public static Map<String, Double> parse(String text) {
        Map<String, Double> series = new LinkedHashMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int keyEnd = keyEnd(line);
            if (keyEnd < 0 || keyEnd >= line.length()) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected 'series value', got '"
                        + abbreviate(line) + "'");
            }
            String key = line.substring(0, keyEnd).strip();
            String[] rest = line.substring(keyEnd).strip().split("\\s+");
            series.put(key, number(rest[0], i + 1, line));
        }
        return series;
    }

    /** @return the index just past the series key: after the closing brace of its labels, or at the first blank */
    private static int keyEnd(String line) {
        int brace = line.indexOf('{');
        int blank = indexOfBlank(line);
        if (brace < 0 || (blank >= 0 && blank < brace)) {
            return blank;
        }
        boolean quoted = false;
        for (int i = brace + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '}' && !quoted) {
                return i + 1;
            }
        }
        return -1;
    }

    private static int indexOfBlank(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == ' ' || line.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }

    private static double number(String text, int lineNumber, String line) {
        switch (text) {
            case "+Inf", "Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + lineNumber + ": expected a number after the series,"
                            + " got '" + abbreviate(line) + "'");
                }
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= 100 ? line : line.substring(0, 97) + "...";
    }
}
