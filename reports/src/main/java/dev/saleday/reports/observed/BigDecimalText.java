package dev.saleday.reports.observed;

import java.math.BigDecimal;

/** A number in its shortest exact decimal form (0.04, not 0.040000000000000001 or 4.0E-2). */
final class BigDecimalText {

    private BigDecimalText() {
    }

    static String of(double value) {
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }
}
