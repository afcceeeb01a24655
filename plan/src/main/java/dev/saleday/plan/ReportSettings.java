package dev.saleday.plan;

import java.util.Map;

/**
 * @param baseline          an earlier run's verdict.json to compare with; null = no comparison
 * @param regression        allowed growth per metric against the baseline, as fractions ({@code p99: 10%} -> 0.10);
 *                          metric keys are percentile keys (p50 .. max) and {@code errorRate}
 * @param cpuCoreHourPrice  {@code cost.cpuCoreHour}: the price of one core of CPU request for an hour, in the plan's
 *                          currency; prices the day's cost
 */
public record ReportSettings(String baseline, Map<String, Double> regression, double cpuCoreHourPrice) {
    public ReportSettings {
        regression = Map.copyOf(regression);
        if (!(cpuCoreHourPrice >= 0) || Double.isInfinite(cpuCoreHourPrice)) {
            throw new IllegalArgumentException("cost.cpuCoreHour must be >= 0, got " + cpuCoreHourPrice);
        }
    }

    /** Settings with the default price ({@link PlanDefaults#CPU_CORE_HOUR_PRICE}). */
    public ReportSettings(String baseline, Map<String, Double> regression) {
        this(baseline, regression, PlanDefaults.CPU_CORE_HOUR_PRICE);
    }

    /** @return these settings compared with another baseline */
    public ReportSettings withBaseline(String otherBaseline) {
        return new ReportSettings(otherBaseline, regression, cpuCoreHourPrice);
    }
}
