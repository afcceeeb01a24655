package dev.saleday.reports.analysis;

import java.util.List;

/** The median of a list of figures (the mean of the middle two when even). Pure. */
public final class Median {

    private Median() {
    }

    /** @return the median of {@code values}, in any order; NaN when there are none */
    public static double of(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
