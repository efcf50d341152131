package dev.tidepool.jdbc.internal.config;

import dev.tidepool.core.SettingText;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the durations of Tidepool's configuration: {@code 500ms}, {@code 30s},
 * {@code 2m}, {@code 1h}, ISO-8601 ({@code PT30S}) or a bare number of milliseconds.
 *
 * <p>Public so that other Tidepool modules (the CLI, Spring) read durations the same way; it is
 * not part of the API. {@link #format(Duration)} writes the shortest form that {@link #parse}
 * reads back to the same value.
 */
public final class Durations {

    /** The longest duration a pool can count in nanoseconds (about 292 years): {@link SettingText#MAX}. */
    public static final Duration MAX = SettingText.MAX;

    /** What every "not a duration" message tells the user to write instead. */
    static final String FORMS = "use 500ms, 30s, 2m, 1h, PT30S or milliseconds";

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

    private Durations() {
    }

    /**
     * Parses {@code text} (trimmed) as the value of {@code key}.
     *
     * @throws IllegalArgumentException naming the key, the text and the rule, when the text is not
     *     a duration, is negative, or is longer than {@link #MAX}
     */
    public static Duration parse(String key, String text) {
        if (text == null) {
            throw new IllegalArgumentException(key + " (null) is not a duration: " + FORMS);
        }
        String trimmed = text.strip();
        boolean minus = trimmed.startsWith("-");
        String body = minus ? trimmed.substring(1).strip() : trimmed;
        Duration d = parseSimple(body);
        if (d == null) {
            d = parseIso(key, text, body);
        }
        if (minus || d.isNegative()) {
            throw new IllegalArgumentException(key + " (" + Values.quote(text) + ") must not be negative (0 switches it off)");
        }
        if (d.compareTo(MAX) > 0) {
            throw tooLong(key, Values.quote(text));
        }
        return d;
    }

    /** The message for a duration that does not fit in a {@code long} of nanoseconds. */
    static IllegalArgumentException tooLong(String key, String shown) {
        return new IllegalArgumentException(SettingText.tooLong(key, shown));
    }

    private static Duration parseSimple(String trimmed) {
        Matcher m = SIMPLE.matcher(trimmed);
        if (!m.matches()) {
            return null;
        }
        String digits = m.group(1);
        if (digits.length() > 19) {
            return MAX.plusNanos(1); // more digits than a long holds: too long, whatever the unit
        }
        long amount;
        try {
            amount = Long.parseLong(digits);
        } catch (NumberFormatException overflow) {
            return MAX.plusNanos(1);
        }
        String unit = m.group(2) == null ? "ms" : m.group(2).toLowerCase(java.util.Locale.ROOT);
        try {
            switch (unit) {
                case "h": return Duration.ofHours(amount);
                case "m": return Duration.ofMinutes(amount);
                case "s": return Duration.ofSeconds(amount);
                default: return Duration.ofMillis(amount);
            }
        } catch (ArithmeticException overflow) {
            return MAX.plusNanos(1);
        }
    }

    private static Duration parseIso(String key, String text, String trimmed) {
        if (!trimmed.isEmpty() && (trimmed.charAt(0) == 'P' || trimmed.charAt(0) == 'p')) {
            try {
                return Duration.parse(trimmed);
            } catch (DateTimeParseException | ArithmeticException e) {
                // ISO text that overflows is reported by Duration.parse as "Text cannot be parsed";
                // both cases fall through to the same message.
            }
        }
        throw new IllegalArgumentException(key + " (" + Values.quote(text) + ") is not a duration: " + FORMS);
    }

    /**
     * Writes {@code d} as the core's messages do ({@link SettingText#format}): {@code 0},
     * {@code 500ms}, {@code 30s}, {@code 90s}, {@code 2m}, {@code 1h}; sub-millisecond values in
     * ISO-8601 ({@code PT0.0000005S}).
     */
    public static String format(Duration d) {
        return SettingText.format(d);
    }
}
