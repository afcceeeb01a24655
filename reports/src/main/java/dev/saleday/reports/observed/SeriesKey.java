package dev.saleday.reports.observed;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Prometheus series as pod-metrics.jsonl keys it ({@code name} or {@code name{a="x",b="y"}}), split into its name
 * and labels.
 *
 * @param name   the metric name
 * @param labels the labels, in written order
 */
record SeriesKey(String name, Map<String, String> labels) {

    static SeriesKey parse(String key) {
        int brace = key.indexOf('{');
        if (brace < 0) {
            return new SeriesKey(key, Map.of());
        }
        Map<String, String> labels = new LinkedHashMap<>();
        int i = brace + 1;
        while (i < key.length() && key.charAt(i) != '}') {
            int eq = key.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String label = key.substring(i, eq).strip();
            StringBuilder value = new StringBuilder();
            int j = eq + 2; // past ="
            while (j < key.length() && key.charAt(j) != '"') {
                if (key.charAt(j) == '\\' && j + 1 < key.length()) {
                    j++;
                }
                value.append(key.charAt(j));
                j++;
            }
            labels.put(label, value.toString());
            i = j + 1;
            if (i < key.length() && key.charAt(i) == ',') {
                i++;
            }
        }
        return new SeriesKey(key.substring(0, brace), labels);
    }

    String label(String label) {
        return labels.get(label);
    }
}
