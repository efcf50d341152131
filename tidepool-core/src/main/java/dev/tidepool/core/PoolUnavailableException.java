package dev.tidepool.core;

/**
 * The pool has nothing to lend and cannot create anything, for a reason that waiting will not fix
 * (the factory said so: bad credentials, missing database). Thrown at once instead of after the
 * acquire timeout; the cause is the creation failure.
 */
public final class PoolUnavailableException extends PoolException {
    private static final long serialVersionUID = 1L;

    public PoolUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
