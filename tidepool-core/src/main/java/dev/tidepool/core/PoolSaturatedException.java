package dev.tidepool.core;

/**
 * Turned away at once: {@code maxWaiters} threads were already waiting, so this one was not queued
 * behind them (load shedding). {@link #stats()} holds the counts when it was turned away.
 */
public final class PoolSaturatedException extends PoolException {
    private static final long serialVersionUID = 1L;
    private final transient PoolStats stats;
    private final int maxWaiters;

    public PoolSaturatedException(String message, PoolStats stats, int maxWaiters) {
        super(message, null);
        this.stats = stats;
        this.maxWaiters = maxWaiters;
    }

    public PoolStats stats() {
        return stats;
    }

    /** The limit that was reached. */
    public int maxWaiters() {
        return maxWaiters;
    }
}
