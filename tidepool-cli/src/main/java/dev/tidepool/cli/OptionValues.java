package dev.tidepool.cli;

import dev.tidepool.jdbc.internal.config.Durations;
import java.time.Duration;

/**
 * Converts option text to values, with messages that name the option, the value and the fix,
 * e.g. {@code --threads ('abc') must be a whole number from 1 to 1024, e.g. --threads 16}.
 * Durations are read exactly as configuration durations are ({@code 500ms}, {@code 10s}, ...).
 */
final class OptionValues {

    private OptionValues() {
    }

    static int intInRange(String option, String text, int min, int max, String example) throws UsageException {
        String rule = "must be a whole number from " + min + " to " + max + ", e.g. " + option + " " + example;
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " ('" + text + "') " + rule);
        }
        if (value < min || value > max) {
            throw new UsageException(option + " (" + value + ") " + rule);
        }
        return value;
    }

    static Duration duration(String option, String text, Duration min, Duration max, String example)
            throws UsageException {
        Duration value;
        try {
            value = Durations.parse(option, text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage() + ", e.g. " + option + " " + example);
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new UsageException(option + " ('" + text + "') must be from " + Durations.format(min)
                    + " to " + Durations.format(max) + ", e.g. " + option + " " + example);
        }
        return value;
    }
}
