package dev.saleday.localkube.api.table;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Ages as kubectl prints them: {@code 45s}, {@code 3m12s}, {@code 25m}, {@code 5h10m}, {@code 3d4h}, {@code 400d}. */
final class HumanDuration {

    private HumanDuration() {
    }

    /** The age of a timestamp field ({@code <unknown>} when absent or unreadable). */
    static String since(JsonNode timestamp, Instant now) {
        String text = timestamp == null ? "" : timestamp.asText("");
        if (text.isEmpty()) {
            return "<unknown>";
        }
        try {
            return of(Duration.between(Instant.parse(text), now));
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
    }

    static String of(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        }
        if (seconds < 0) {
            return "0s";
        }
        if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        }
        if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        }
        if (hours < 24 * 365 * 8) {
            long dy = hours / 24 % 365;
            return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
        }
        return hours / 24 / 365 + "y";
    }
}
