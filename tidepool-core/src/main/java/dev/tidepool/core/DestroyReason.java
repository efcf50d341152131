package dev.tidepool.core;

/** Why a pooled resource was destroyed. */
public enum DestroyReason {
    /** The borrower invalidated it, or it was found broken. */
    BROKEN,
    /** Validation (keepalive or before lending) failed. */
    VALIDATION_FAILED,
    /** Reset on return failed. */
    RESET_FAILED,
    /** It reached its maximum lifetime. */
    MAX_LIFETIME,
    /** It sat idle above the minimum longer than the idle timeout. */
    IDLE_TIMEOUT,
    /** {@link Pool#softEvictAll()} asked for it. */
    EVICTED,
    /** Room was needed for another key of a keyed pool. */
    MADE_ROOM,
    /** The pool closed. */
    POOL_CLOSED,
    /**
     * The borrower dropped it without returning it (its handle became unreachable): it may be in
     * any state, so it is closed, never reused.
     */
    ABANDONED,
    /** {@code maxSize} was lowered at runtime while more were open than the new limit. */
    SHRUNK,
    /**
     * Healthy, but closed on return so that its replacement opens on another server: the
     * {@link ResourceFactory} moves load between servers (a JDBC cluster's rebalancing).
     */
    REBALANCED
}
