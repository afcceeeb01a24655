package dev.saleday.plan;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as plans write them: one or more number-unit pairs, units {@code h}, {@code m}, {@code s}, {@code ms}
 * ({@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1m30s}, {@code 1.5s}). Millisecond precision.
 */
public final class Durations {

    private static final Pattern WHOLE = Pattern.compile("(\\d+(\\.\\d+)?(ms|h|m|s))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException with a message that says what was expected
     */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (!WHOLE.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 30s, 2m, 1h or 1m30s, got '"
                    + text + "'");
        }
        BigDecimal millis = BigDecimal.ZERO;
        Matcher part = PART.matcher(trimmed);
        while (part.find()) {
            BigDecimal amount = new BigDecimal(part.group(1));
            long unitMillis = switch (part.group(2)) {
                case "h" -> 3_600_000L;
                case "m" -> 60_000L;
                case "s" -> 1_000L;
                default -> 1L;
            };
            millis = millis.add(amount.multiply(BigDecimal.valueOf(unitMillis)));
        }
        if (millis.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("expected a whole number of milliseconds, got '" + text + "'");
        }
        return Duration.ofMillis(millis.longValueExact());
    }

    /** @return the shortest plan form of a duration ({@code 1m30s}, {@code 500ms}, {@code 0s}), whole milliseconds */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        long hours = millis / 3_600_000L;
        long minutes = millis / 60_000L % 60;
        long seconds = millis / 1_000L % 60;
        long rest = millis % 1_000L;
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (minutes > 0) {
            text.append(minutes).append('m');
        }
        if (seconds > 0) {
            text.append(seconds).append('s');
        }
        if (rest > 0) {
            text.append(rest).append("ms");
        }
        return text.toString();
    }
}
