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
     * Why a resource {@link #isBroken} turned away is destroyed, as listeners hear it: called
     * right after {@code isBroken} answered true, on the same thread. {@link DestroyReason#BROKEN}
     * unless the factory retires healthy resources that way (say {@link DestroyReason#REBALANCED}).
     */
    default DestroyReason brokenReason(T resource) {
        return DestroyReason.BROKEN;
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
     * Tells whether a creation failure is a definite answer while the pool has never created
     * anything: a refused port or a name that does not resolve says the configuration (or the
     * server) is wrong now, where a timeout may still clear. Until the first creation succeeds,
     * such a failure is treated like a {@link #failsFast} one: start-up and waiters fail at once
     * with it. Once anything was created, the same failure (a restart refusing connections) is
     * waited out as usual. Defaults to {@link #failsFast}.
     */
    default boolean failsFastBeforeFirstCreate(Throwable createFailure) {
        return failsFast(createFailure);
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
