package dev.tidepool.jdbc.internal.config;

import dev.tidepool.core.PoolRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem with a configuration so that one failure reports them all, each
 * starting with its key. The checks shared with the pool's keys ({@link #notNegative},
 * {@link #notBlank}) are the core's {@link PoolRules}, so a duration key
 * of either layer fails with the same words. Public for other Tidepool modules; not API.
 */
public final class Problems {

    private final List<String> found = new ArrayList<>();
    private final PoolRules rules = new PoolRules(found::add);

    /** Records one problem; {@code message} must start with the key. */
    public void add(String message) {
        found.add(message);
    }

    /** Records the message of a parse failure. */
    public void add(IllegalArgumentException e) {
        found.add(e.getMessage());
    }

    /** Records problems found elsewhere (the pool keys' rules, {@code PoolSettings.Builder.problems()}). */
    public void addAll(List<String> messages) {
        found.addAll(messages);
    }

    /** Throws one {@link IllegalArgumentException} listing every problem, "; "-separated, if any. */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", found));
        }
    }

    /** Requires {@code d} >= 0 ({@code 0} = off) and not too long. Returns whether it passed. */
    public boolean notNegative(String key, Duration d) {
        return rules.notNegative(key, d);
    }

    /** Requires text, when set, to hold more than whitespace; {@code unset} says what null means. */
    public boolean notBlank(String key, String text, String unset) {
        return rules.notBlank(key, text, unset);
    }
}
