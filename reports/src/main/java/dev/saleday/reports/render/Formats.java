package dev.saleday.reports.render;

import dev.saleday.reports.verdict.Check;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How numbers, units and moments read in every rendering, so the page, the summary and JUnit agree. */
final class Formats {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Formats() {
    }

    /** A check value in its unit; fractions read as percentages; NaN reads "not measured". */
    static String value(double value, String unit) {
        if (Double.isNaN(value)) {
            return "not measured";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "∞" : "-∞";
        }
        if ("fraction".equals(unit)) {
            return number(value * 100, 3) + " %";
        }
        return number(value, 2) + " " + unit;
    }

    /** The unit as a reader sees it: {@code fraction} values read as {@code %}. */
    static String unitLabel(String unit) {
        return "fraction".equals(unit) ? "%" : unit;
    }

    /** A value without its unit, in the unit of {@link #unitLabel}. */
    static String bare(double value, String unit) {
        if (Double.isNaN(value)) {
            return "not measured";
        }
        return "fraction".equals(unit) ? number(value * 100, 3) : number(value, 2);
    }

    /** e.g. {@code p99 = 512 ms <= 400 ms} */
    static String comparison(Check check) {
        return value(check.measured(), check.unit()) + " " + check.comparison().symbol() + " "
                + value(check.threshold(), check.unit());
    }

    /** Up to {@code decimals} decimals, trailing zeros dropped, no grouping. */
    static String number(double value, int decimals) {
        if (Double.isNaN(value)) {
            return "–";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
        if (text.contains(".")) {
            text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return text;
    }

    static String utc(Long epochMs) {
        return epochMs == null ? "unknown" : UTC.format(Instant.ofEpochMilli(epochMs));
    }

    /** A duration in seconds, e.g. {@code 4 min 30 s}. */
    static String duration(long millis) {
        long seconds = Math.round(millis / 1000.0);
        if (seconds < 60) {
            return seconds + " s";
        }
        return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
    }

    /** A check kind as a heading: {@code ZERO_DOWNTIME} reads {@code Zero downtime}. */
    static String kind(Enum<?> kind) {
        String words = kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
