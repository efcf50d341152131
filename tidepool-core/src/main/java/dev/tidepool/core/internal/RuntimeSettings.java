package dev.tidepool.core.internal;

import java.time.Duration;

/**
 * The checks for the few settings that may change while a pool runs ({@code maxSize},
 * {@code minIdle}, {@code acquireTimeout}), with the same rules and messages as at build time.
 * Every other setting is fixed for the pool's life: build a new pool to change it.
 */
public final class RuntimeSettings {
    private RuntimeSettings() {
    }

    /** @throws IllegalArgumentException naming the key, the value and the rule */
    public static void checkMaxSize(int maxSize, int minIdle) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize (" + maxSize + ") must be >= 1");
        }
        if (minIdle > maxSize) {
            throw new IllegalArgumentException("maxSize (" + maxSize + ") must be >= minIdle (" + minIdle
                    + "): lower minIdle first");
        }
    }

    /** @throws IllegalArgumentException naming the key, the value and the rule */
    public static void checkMinIdle(int minIdle, int maxSize) {
        if (minIdle < 0) {
            throw new IllegalArgumentException("minIdle (" + minIdle + ") must be >= 0");
        }
        if (minIdle > maxSize) {
            throw new IllegalArgumentException("minIdle (" + minIdle + ") must be <= maxSize (" + maxSize
                    + "): raise maxSize first");
        }
    }

    /** @throws IllegalArgumentException naming the key, the value and the rule */
    public static void checkAcquireTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("acquireTimeout (" + timeout + ") must be > 0: nothing may wait forever");
        }
    }
}
