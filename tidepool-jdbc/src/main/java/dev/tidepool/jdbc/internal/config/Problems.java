package dev.tidepool.jdbc.internal.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem with a configuration so that one failure reports them all, each
 * starting with its key. Public for other Tidepool modules; not API.
 */
public final class Problems {

    private final List<String> found = new ArrayList<>();

    /** Records one problem; {@code message} must start with the key. */
    public void add(String message) {
        found.add(message);
    }

    /** Records the message of a parse failure. */
    public void add(IllegalArgumentException e) {
        found.add(e.getMessage());
    }

    /** Throws one {@link IllegalArgumentException} listing every problem, "; "-separated, if any. */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", found));
        }
    }

    /** Requires {@code d} > 0 and not too long; {@code why} says what a zero would mean. Returns whether it passed. */
    public boolean positive(String key, Duration d, String why) {
        if (d == null || d.isNegative() || d.isZero()) {
            add(key + " (" + Durations.format(d) + ") must be > 0: " + why);
            return false;
        }
        return notTooLong(key, d);
    }

    /** Requires {@code d} >= 0 ({@code 0} = off) and not too long. Returns whether it passed. */
    public boolean notNegative(String key, Duration d) {
        if (d == null || d.isNegative()) {
            add(key + " (" + Durations.format(d) + ") must be >= 0 (0 switches it off)");
            return false;
        }
        return notTooLong(key, d);
    }

    /** Requires {@code d} to be 0 (off) or at least {@code min}; {@code why} explains the floor. */
    public boolean offOrAtLeast(String key, Duration d, Duration min, String why) {
        if (!notNegative(key, d)) {
            return false;
        }
        if (!d.isZero() && d.compareTo(min) < 0) {
            add(key + " (" + Durations.format(d) + ") must be 0 (off) or >= " + Durations.format(min) + ": " + why);
            return false;
        }
        return true;
    }

    /** Requires text, when set, to hold more than whitespace; {@code unset} says what null means. */
    public boolean notBlank(String key, String text, String unset) {
        if (text != null && text.isBlank()) {
            add(key + " (" + Values.quote(text) + ") must not be blank: leave it unset for " + unset);
            return false;
        }
        return true;
    }

    private boolean notTooLong(String key, Duration d) {
        if (d.compareTo(Durations.MAX) > 0) {
            add(Durations.tooLong(key, Durations.format(d)).getMessage());
            return false;
        }
        return true;
    }
}
