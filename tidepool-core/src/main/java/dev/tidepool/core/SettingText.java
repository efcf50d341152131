package dev.tidepool.core;

import java.time.Duration;

/**
 * How a setting's value is written in a message: durations in the form the configuration reads
 * ({@code 30s}, {@code 500ms}), text quoted with control characters escaped. The pool's rules
 * ({@link PoolRules}) and the JDBC layer's write values the same way, so one key's message reads
 * the same from either (API for that reason).
 */
public final class SettingText {

    /** The longest duration a pool can count in nanoseconds (about 292 years). */
    public static final Duration MAX = Duration.ofNanos(Long.MAX_VALUE);

    private static final int QUOTE_LIMIT = 60;

    private SettingText() {
    }

    /**
     * Writes {@code d} in the largest unit that holds it exactly: {@code 0}, {@code 500ms},
     * {@code 30s}, {@code 90s}, {@code 2m}, {@code 1h}; sub-millisecond values in ISO-8601
     * ({@code PT0.0000005S}). Negative values get a leading minus; null is written {@code null}.
     */
    public static String format(Duration d) {
        if (d == null) {
            return "null";
        }
        if (d.isZero()) {
            return "0";
        }
        if (d.isNegative()) {
            return d.equals(Duration.ofSeconds(Long.MIN_VALUE)) ? d.toString() : "-" + format(d.negated());
        }
        if (d.getNano() % 1_000_000 != 0) {
            return d.toString();
        }
        if (d.getSeconds() > Long.MAX_VALUE / 1000) { // too long for toMillis()
            return d.getNano() == 0 ? d.getSeconds() + "s" : d.toString();
        }
        long millis = d.toMillis();
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

    /** The message for a duration longer than {@link #MAX}; {@code shown} is the value as written. */
    public static String tooLong(String key, String shown) {
        return key + " (" + shown + ") is too long: durations must be under 292 years";
    }

    /**
     * {@code 'text'} for a message: control characters escaped (so a value cannot forge a log line)
     * and long text cut to {@value #QUOTE_LIMIT} characters. Never pass a secret here.
     */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), QUOTE_LIMIT) + 8).append('\'');
        int shown = 0;
        for (int i = 0; i < text.length(); i++) {
            if (shown == QUOTE_LIMIT) {
                out.append("...");
                break;
            }
            char c = text.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
            shown++;
        }
        return out.append('\'').toString();
    }
}
