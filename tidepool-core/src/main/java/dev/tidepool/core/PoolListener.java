package dev.tidepool.core;

import java.time.Duration;

/**
 * Hears what a pool does: metrics and diagnosis modules implement it. Every method has a no-op
 * default. Calls come from pool threads and from borrowers, so implementations must be fast and
 * thread-safe, and must not throw. Failures are also logged by the pool itself, so a listener
 * never has to log to keep them visible.
 */
public interface PoolListener {

    /** A listener that does nothing. */
    PoolListener NONE = new PoolListener() { };

    /** A resource was lent after waiting {@code waitNanos} (0 when it was taken at once). */
    default void acquired(long waitNanos) {
    }

    /** An acquisition gave up after its timeout. */
    default void timedOut(PoolStats stats) {
    }

    /**
     * An acquisition was turned away at once because {@code maxWaiters} threads already waited
     * (load shedding); {@code stats} are the counts then.
     */
    default void rejected(PoolStats stats) {
    }

    /** A new resource was created; {@code took} is the time its creation took. */
    default void created(Duration took) {
    }

    /** A creation attempt failed. */
    default void createFailed(Throwable cause) {
    }

    /** A resource was destroyed. */
    default void destroyed(DestroyReason reason) {
    }

    /** A resource has been held longer than the leak threshold. */
    default void leakSuspected(HolderInfo<?> holder) {
    }
}
