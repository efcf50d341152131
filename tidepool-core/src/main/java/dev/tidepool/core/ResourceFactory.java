package dev.tidepool.core;

import java.time.Duration;

/**
 * Creates, checks, cleans and destroys the resources a {@link Pool} lends out.
 *
 * <p>The pool calls {@link #create()} and {@link #destroy(Object)} on its own threads, never on
 * a borrower's. {@link #validate(Object, Duration)} runs on the borrowing thread (only when the
 * resource sat idle for a while) or on the housekeeping thread (keepalive). {@link #reset(Object)}
 * runs on the returning thread. Each call must honour its bound: a pool thread must never hang.
 */
public interface ResourceFactory<T> {

    /** Opens a new resource. Throwing reports a connect failure to the pool's listener. */
    T create() throws Exception;

    /**
     * Tells whether {@code resource} still works, within {@code timeout}. Returning false or
     * throwing destroys it.
     */
    default boolean validate(T resource, Duration timeout) throws Exception {
        return true;
    }

    /**
     * Restores the resource to the state the next borrower expects, on return. Throwing destroys
     * it instead of reusing it.
     */
    default void reset(T resource) throws Exception {
    }

    /**
     * Tells whether the resource was found broken while borrowed, so the pool destroys it on
     * return instead of lending it again.
     */
    default boolean isBroken(T resource) {
        return false;
    }

    /**
     * Tells whether a creation failure will persist however long one waits (a wrong password, a
     * missing database). While such a failure stands and nothing is open, waiters fail at once
     * with it instead of waiting out their timeout, and retries back off.
     */
    default boolean failsFast(Throwable createFailure) {
        return false;
    }

    /**
     * Words a creation failure for {@link PoolStats#lastCreateFailure()}: one line, safe to show
     * (no secrets). Called once per failure, on the pool's thread.
     */
    default String describeFailure(Throwable createFailure) {
        return createFailure.toString();
    }

    /** Closes the resource for good. */
    default void destroy(T resource) throws Exception {
    }
}
