package dev.tidepool.core;

/** The pool was closed: it lends nothing any more. */
public final class PoolClosedException extends PoolException {
    private static final long serialVersionUID = 1L;

    public PoolClosedException(String poolName) {
        super(poolName + " - pool is closed", null);
    }
}
