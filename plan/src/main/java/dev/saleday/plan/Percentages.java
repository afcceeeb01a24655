package dev.saleday.plan;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Shares as plans write them ({@code 30%}, {@code 0.5%}), held as fractions (0.30, 0.005). Parsing and formatting go
 * through decimal arithmetic so that {@code parse(format(f)) == f} for every fraction.
 */
public final class Percentages {

    private static final Pattern PERCENT = Pattern.compile("\\d+(\\.\\d+)?%");

    private Percentages() {
    }

    /**
     * @return the fraction, e.g. 0.005 for {@code 0.5%}
     * @throws IllegalArgumentException when the text is not a percentage within 0% and 100%
     */
    public static double parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (!PERCENT.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("expected a percentage such as 30% or 0.5%, got '" + text + "'");
        }
        BigDecimal percent = new BigDecimal(trimmed.substring(0, trimmed.length() - 1));
        if (percent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("expected a percentage within 0% and 100%, got '" + text + "'");
        }
        return percent.movePointLeft(2).doubleValue();
    }

    /** @return the plan form of a fraction, e.g. {@code 0.5%} for 0.005 */
    public static String format(double fraction) {
        return BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }
}
