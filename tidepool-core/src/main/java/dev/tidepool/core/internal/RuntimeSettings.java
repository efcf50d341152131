package dev.tidepool.core.internal;

import dev.tidepool.core.PoolRules;

import java.time.Duration;

/**
 * The checks for the few settings that may change while a pool runs ({@code maxSize},
 * {@code minIdle}, {@code acquireTimeout}): each key's own rule is {@link PoolRules}', as at build
 * time; only the relation between the two sizes is worded for a change, naming the key being
 * changed and what to change first. Every other setting is fixed for the pool's life: build a new
 * pool to change it.
 */
public final class RuntimeSettings {
    private RuntimeSettings() {
    }

    /** @throws IllegalArgumentException naming the key, the value and the rule */
    public static void checkMaxSize(int maxSize, int minIdle) {
        new PoolRules(RuntimeSettings::fail).maxSize(maxSize);
        if (minIdle > maxSize) {
            throw new IllegalArgumentException("maxSize (" + maxSize + ") must be >= minIdle (" + minIdle
                    + "): lower minIdle first");
        }
    }

    /** @throws IllegalArgumentException naming the key, the value and the rule */
    public static void checkMinIdle(int minIdle, int maxSize) {
        new PoolRules(RuntimeSettings::fail).minIdle(minIdle);
        if (minIdle > maxSize) {
            throw new IllegalArgumentException("minIdle (" + minIdle + ") must be <= maxSize (" + maxSize
                    + "): raise maxSize first");
        }
    }

    /**
     * Only the build-time rule of acquireTimeout itself (> 0): the relation to validationTimeout is
     * not checked here, because each validation is bounded by the borrower's remaining wait anyway
     * and lowering acquireTimeout under load (to shed it) must not be refused.
     *
     * @throws IllegalArgumentException naming the key, the value and the rule
     */
    public static void checkAcquireTimeout(Duration timeout) {
        new PoolRules(RuntimeSettings::fail).acquireTimeout(timeout);
    }

    private static void fail(String problem) {
        throw new IllegalArgumentException(problem);
    }
}
