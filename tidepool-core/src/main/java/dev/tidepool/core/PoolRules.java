package dev.tidepool.core;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The rules of the pool's keys, in one place for the generic pool and the JDBC layer: each rule
 * reports its problems to a sink instead of throwing, so that one failure lists every mistake.
 * Each message starts with the key, names the value (written by {@link SettingText}) and says the
 * rule or the fix, e.g. {@code minIdle (12) must be <= maxSize (10)}. The defaults are
 * {@link PoolSettings}' constants; the JDBC layer adds only rules about database connections.
 * API so that a layer above (the JDBC configuration) checks and words the same keys the same way.
 */
public final class PoolRules {

    private final Consumer<String> problems;

    /** Rules that report each problem to {@code problems}. */
    public PoolRules(Consumer<String> problems) {
        this.problems = problems;
    }

    /** Optional; when set, not blank and free of control characters (it starts log lines). */
    public void poolName(String name) {
        if (notBlank("poolName", name, "tidepool-<n>") && name != null && name.chars().anyMatch(Character::isISOControl)) {
            problems.accept("poolName (" + SettingText.quote(name)
                    + ") must not contain control characters: it prefixes log lines and thread names");
        }
    }

    /** maxSize >= 1; minIdle (null = maxSize) in 0..maxSize. */
    public void sizes(int maxSize, Integer minIdle) {
        boolean maxOk = maxSize(maxSize);
        if (minIdle != null && minIdle(minIdle) && maxOk && minIdle > maxSize) {
            problems.accept("minIdle (" + minIdle + ") must be <= maxSize (" + maxSize + ")");
        }
    }

    /** minIdle >= 0. Returns whether it passed. */
    public boolean minIdle(int minIdle) {
        if (minIdle < 0) {
            problems.accept("minIdle (" + minIdle + ") must be >= 0");
            return false;
        }
        return true;
    }

    /** maxSize >= 1. Returns whether it passed. */
    public boolean maxSize(int maxSize) {
        if (maxSize < 1) {
            problems.accept("maxSize (" + maxSize + ") must be >= 1");
            return false;
        }
        return true;
    }

    /** acquireTimeout > 0. Returns whether it passed. */
    public boolean acquireTimeout(Duration acquireTimeout) {
        return positive("acquireTimeout", acquireTimeout, "a borrower must never wait forever");
    }

    /**
     * Both {@code > 0}, and {@code validationTimeout < acquireTimeout}: a borrow may have to validate a resource
     * before lending it, and that must fit inside the borrower's wait. A null validationTimeout is
     * derived ({@link PoolSettings#defaultValidationTimeout}), which always fits: only a
     * validationTimeout that was set can contradict acquireTimeout.
     */
    public void timeouts(Duration acquireTimeout, Duration validationTimeout) {
        boolean acquireOk = acquireTimeout(acquireTimeout);
        if (validationTimeout == null) {
            return;
        }
        boolean validationOk = positive("validationTimeout", validationTimeout, "a validation must never hang");
        if (acquireOk && validationOk && validationTimeout.compareTo(acquireTimeout) >= 0) {
            problems.accept("validationTimeout (" + SettingText.format(validationTimeout) + ") must be < acquireTimeout ("
                    + SettingText.format(acquireTimeout) + "): a borrow may include one validation; lower validationTimeout,"
                    + " or leave it unset for min(" + SettingText.format(PoolSettings.DEFAULT_VALIDATION_TIMEOUT_CAP)
                    + ", acquireTimeout / " + PoolSettings.VALIDATION_SHARE_OF_ACQUIRE + ")");
        }
    }

    /** maxWaiters >= 0, 0 meaning no limit by count. */
    public void maxWaiters(int maxWaiters) {
        if (maxWaiters < 0) {
            problems.accept("maxWaiters (" + maxWaiters + ") must be >= 0: 0 for no limit by count, or the most threads"
                    + " that may wait at once before a borrow fails at once");
        }
    }

    /**
     * Both {@code >= 0} (0 = off); when both are on, {@code keepaliveInterval < maxLifetime}, or every resource
     * retires before its first keepalive. Returns whether both passed.
     */
    public boolean lifetimes(Duration maxLifetime, Duration keepaliveInterval) {
        boolean lifetimeOk = notNegative("maxLifetime", maxLifetime);
        boolean keepaliveOk = notNegative("keepaliveInterval", keepaliveInterval);
        if (lifetimeOk && keepaliveOk && !maxLifetime.isZero() && !keepaliveInterval.isZero()
                && keepaliveInterval.compareTo(maxLifetime) >= 0) {
            problems.accept("keepaliveInterval (" + SettingText.format(keepaliveInterval) + ") must be < maxLifetime ("
                    + SettingText.format(maxLifetime) + "): every resource would retire before its first keepalive");
            return false;
        }
        return lifetimeOk && keepaliveOk;
    }

    /** Requires {@code d} > 0 and not too long; {@code why} says what a zero would mean. Returns whether it passed. */
    public boolean positive(String key, Duration d, String why) {
        if (d == null || d.isNegative() || d.isZero()) {
            problems.accept(key + " (" + SettingText.format(d) + ") must be > 0: " + why);
            return false;
        }
        return notTooLong(key, d);
    }

    /** Requires {@code d} >= 0 ({@code 0} = off) and not too long. Returns whether it passed. */
    public boolean notNegative(String key, Duration d) {
        if (d == null || d.isNegative()) {
            problems.accept(key + " (" + SettingText.format(d) + ") must be >= 0 (0 switches it off)");
            return false;
        }
        return notTooLong(key, d);
    }

    /** Requires text, when set, to hold more than whitespace; {@code unset} says what null means. */
    public boolean notBlank(String key, String text, String unset) {
        if (text != null && text.isBlank()) {
            problems.accept(key + " (" + SettingText.quote(text) + ") must not be blank: leave it unset for " + unset);
            return false;
        }
        return true;
    }

    /** The pool counts time in nanoseconds: a longer duration would overflow. */
    private boolean notTooLong(String key, Duration d) {
        if (d.compareTo(SettingText.MAX) > 0) {
            problems.accept(SettingText.tooLong(key, SettingText.format(d)));
            return false;
        }
        return true;
    }
}
