package dev.saleday.plan;

/**
 * A comparison over one observed metric, e.g. {@code readyReplicas >= 8} or {@code probe.errorRate > 1%}.
 *
 * @param metric     what is observed
 * @param comparison how it is compared
 * @param threshold  the bound, in the metric's unit (fractions for rates: 1% is 0.01)
 */
public record Condition(Metric metric, Comparison comparison, double threshold) {

    public boolean holds(double observed) {
        return comparison.test(observed, threshold);
    }

    /** The metrics a condition can observe, with the name a plan uses. */
    public enum Metric {
        REPLICAS("replicas"),
        READY_REPLICAS("readyReplicas"),
        AVAILABLE_REPLICAS("availableReplicas"),
        UPDATED_REPLICAS("updatedReplicas"),
        HPA_DESIRED_REPLICAS("hpa.desiredReplicas"),
        HPA_CURRENT_REPLICAS("hpa.currentReplicas"),
        HPA_CPU_UTILIZATION_PERCENT("hpa.cpuUtilization"),
        PROBE_ERROR_RATE("probe.errorRate"),
        PROBE_P99_MILLIS("probe.p99");

        private final String planName;

        Metric(String planName) {
            this.planName = planName;
        }

        public String planName() {
            return planName;
        }
    }

    public enum Comparison {
        GT(">"), GE(">="), LT("<"), LE("<="), EQ("=="), NE("!=");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean test(double observed, double threshold) {
            return switch (this) {
                case GT -> observed > threshold;
                case GE -> observed >= threshold;
                case LT -> observed < threshold;
                case LE -> observed <= threshold;
                case EQ -> observed == threshold;
                case NE -> observed != threshold;
            };
        }
    }
}
