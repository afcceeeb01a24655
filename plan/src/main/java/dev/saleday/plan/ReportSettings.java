package dev.saleday.plan;

import java.util.Map;

/**
 * @param baseline   an earlier run's verdict.json to compare with; null = no comparison
 * @param regression allowed growth per metric against the baseline, as fractions ({@code p99: 10%} -> 0.10); metric
 *                   keys are percentile keys (p50 .. max) and {@code errorRate}
 */
public record ReportSettings(String baseline, Map<String, Double> regression) {
    public ReportSettings {
        regression = Map.copyOf(regression);
    }
}
