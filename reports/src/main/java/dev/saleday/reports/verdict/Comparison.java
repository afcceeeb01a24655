package dev.saleday.reports.verdict;

/** How a check's measured value is compared with its threshold. */
public enum Comparison {
    /** passed when measured <= threshold (latency, errors, durations). */
    AT_MOST("<="),
    /** passed when measured >= threshold (achieved rate). */
    AT_LEAST(">=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** @return whether {@code measured} is within {@code threshold}; a NaN measurement (never reached) fails */
    public boolean holds(double measured, double threshold) {
        if (Double.isNaN(measured)) {
            return false;
        }
        return this == AT_MOST ? measured <= threshold : measured >= threshold;
    }
}
