package dev.saleday.cli;

import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.Verdict;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Prints a verdict for a terminal or a CI log: the outcome, every check, the reasons. */
public final class VerdictPrinter {

    private VerdictPrinter() {
    }

    public static void print(Verdict verdict, PrintWriter out) {
        long failed = verdict.failedChecks().size();
        out.println("verdict: " + verdict.headline() + (verdict.complete() ? "" : " (incomplete records)") + " - "
                + verdict.checks().size() + " checks, " + failed + " failed");
        int width = verdict.checks().stream().mapToInt(c -> c.name().length()).max().orElse(10);
        for (Check check : verdict.checks()) {
            out.println("  " + (check.reached() ? check.outcomeWord() : "N/R ") + "  " + pad(check.name(), width) + "  "
                    + number(check.measured()) + " " + check.unit() + " " + check.comparison().symbol() + " "
                    + number(check.threshold()) + " " + check.unit()
                    + (check.passed() || check.detail() == null ? "" : "  - " + check.detail()));
            // N/R: not reached, the records end before its window (neither passed nor failed)
        }
        for (String reason : verdict.reasons()) {
            out.println("  reason: " + reason);
        }
        out.flush();
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        BigDecimal decimal = BigDecimal.valueOf(value);
        int scale = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 1 : 4;
        return decimal.setScale(scale, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
