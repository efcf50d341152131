package dev.tidepool.core;

/**
 * No resource became free within the acquire timeout. The cause, when present, is the last
 * creation failure; {@link #stats()} holds the counts at the time of the timeout.
 */
public final class PoolTimeoutException extends PoolException {
    private static final long serialVersionUID = 1L;
    private final transient PoolStats stats;
    private final long timeoutMillis;

    public PoolTimeoutException(String message, Throwable lastCreateFailure, PoolStats stats, long timeoutMillis) {
        super(message, lastCreateFailure);
        this.stats = stats;
        this.timeoutMillis = timeoutMillis;
    }

    public PoolStats stats() {
        return stats;
    }

    public long timeoutMillis() {
        return timeoutMillis;
    }
}
