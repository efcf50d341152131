package dev.tidepool.core;

import java.time.Duration;

/**
 * Hears what a pool does: metrics and diagnosis modules implement it. Every method has a no-op
 * default. Calls come from pool threads and from borrowers, so implementations must be fast and
 * thread-safe, and must not throw (an exception is logged and otherwise ignored). Failures are
 * also logged by the pool itself, so a listener never has to log to keep them visible.
 *
 * <p>Listeners are given at construction ({@link PoolSettings.Builder#listener}) or attached to
 * a running pool ({@link Pool#addListener}); several may listen at once.
 *
 * <h2>Timings</h2>
 * {@link #acquired(long)} and {@link #returned(long)} are the timing events: they need two clock
 * reads per borrow and one per return, which the borrow path avoids otherwise. The pool reads the
 * clock and calls them only while at least one attached listener {@linkplain #wantsTimings() wants
 * timings}; a listener that does not may still be called (another one wants them), and should
 * ignore them. With no such listener attached a borrow costs what it costs without any listener.
 */
public interface PoolListener {

    /** A listener that does nothing. */
    PoolListener NONE = new PoolListener() { };

    /**
     * Whether this listener wants the timing events ({@link #acquired}, {@link #returned}); read
     * once, when the listener is attached. Default true.
     */
    default boolean wantsTimings() {
        return true;
    }

    /**
     * A resource was lent after a wait of {@code waitNanos}: 0, without a clock read, for a
     * borrow that took an idle resource needing no validation on its first try (tens of
     * nanoseconds); for every other borrow, measured from the moment the pool found no such
     * resource (or was suspended) to the lend, so validating, creating and queueing are in it.
     * Only while a listener wants timings; the clock read at the lend also starts the use time.
     */
    default void acquired(long waitNanos) {
    }

    /**
     * A lent resource came back (returned or invalidated) {@code useNanos} after it was lent.
     * Only while a listener wants timings, and only for borrows that began while one did.
     */
    default void returned(long useNanos) {
    }

    /** An acquisition gave up after its timeout (also when it waited for a suspended pool). */
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
