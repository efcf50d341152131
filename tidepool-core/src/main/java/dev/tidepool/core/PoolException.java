package dev.tidepool.core;

/** A pool could not lend a resource. Its message starts with the pool name. */
public class PoolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PoolException(String message, Throwable cause) {
        super(message, cause);
    }
}
