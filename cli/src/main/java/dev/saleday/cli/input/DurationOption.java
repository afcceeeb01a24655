package dev.saleday.cli.input;

import dev.saleday.plan.Durations;
import java.time.Duration;

/** A command-line option that takes a duration: a bad one is invalid input naming the option (exit 2). */
public final class DurationOption {

    private DurationOption() {
    }

    /**
     * @param option the option's name, e.g. {@code --warm-up}
     * @param text   what was given
     */
    public static Duration parse(String option, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(option + ": " + e.getMessage(), e);
        }
    }
}
