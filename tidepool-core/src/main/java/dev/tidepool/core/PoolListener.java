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
 *
 * <h2>Sampled timings</h2>
 * A listener that keeps only counts, totals and maxima (not a distribution) may
 * {@linkplain #samplesTimings() take the timings sampled}, which spares most borrows both clock
 * reads. While every listener that wants timings samples them, the pool counts borrows and
 * returns exactly ({@link BorrowCounts}, given to {@link #attached}) and calls:
 * {@link #acquired(long)} only for a borrow that was not served at once (each such wait
 * measured exactly; every other borrow waited 0), and {@link #used(long, long)} for a sample of
 * the returns, each use time with the number of returns it stands for, so that the sum of
 * {@code useNanos * returns} estimates the total use time and only grows. What is sampled: the
 * first use of a resource after the pool's coarse clock moved (at least every 250 ms), every
 * 16th use of a resource, and every use that waited; so at low rates every use is timed. A use
 * that spanned a move of the coarse clock (every hold of 250 ms or more) is always reported, with
 * weight 1: exactly when it was sampled, else as a lower bound at most 250 ms short (the pool
 * knows its start only to the coarse clock). Uses still to be represented by a later sample are
 * at most 15 per resource. While some listener wants timings and does not sample them, every
 * borrow and return is timed for all ({@link #acquired}, {@link #returned}), counts included.
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
     * Whether this listener takes the timings sampled (see "Sampled timings" above) rather than
     * one {@link #acquired} and one {@link #returned} per borrow; read once, when attached, and
     * only if it {@linkplain #wantsTimings() wants timings}. Default false.
     */
    default boolean samplesTimings() {
        return false;
    }

    /**
     * Called once when the listener is attached, before any event: {@code counts} are the pool's
     * borrows and returns, counted while some listener wants timings (take a reading now to
     * count from here).
     */
    default void attached(BorrowCounts counts) {
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

    /**
     * Sampled timings only: a lent resource came back {@code useNanos} after it was lent (or at
     * least that long, for a use not sampled that spanned a move of the coarse clock), standing
     * for {@code returns} returns (itself and uses before it that were not timed), at least 1.
     */
    default void used(long useNanos, long returns) {
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
