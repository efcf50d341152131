package dev.tidepool.core;

/**
 * One borrowed resource as the engine lends it to a layer built on the pool (the JDBC layer wraps
 * it in its connection), from {@link PoolEngine#borrow(long)}. It is the pool's own bookkeeping
 * object, not a handle allocated per borrow: that is what keeps a borrow at one allocation (the
 * layer's wrapper). So, unlike a {@link Lease}, it guards nothing: the borrower ends each borrow
 * exactly once, with {@link #release()} or {@link #invalidate}, and touches it no more afterwards
 * (it may already be lent to someone else). Application code uses {@link Pool#acquire()}.
 *
 * <p>The time values are on the pool's {@link Ticker}, in nanoseconds: compare them with each
 * other and with {@link #now()}, never with {@link System#nanoTime()} directly.
 */
public interface PoolEntry<T> {

    /** The pooled resource. */
    T resource();

    /** Returns it to its pool (reset included). Call once per borrow, as the borrower. */
    void release();

    /** Destroys it instead of returning it. Call once per borrow, instead of {@link #release()}. */
    void invalidate(DestroyReason reason);

    /** Records activity by the holder now, without reading a clock (the pool's coarse time). */
    void touch();

    /**
     * Runs {@code hook} once when the current borrow ends, on the thread that returns or
     * invalidates the entry, before it can be lent again (the JDBC layer's leak tracking uses it to
     * tell a returned connection from an abandoned one). Call it as the borrower; one hook per borrow.
     */
    void onReturn(Runnable hook);

    /** When the current borrow began. */
    long borrowedAt();

    /** The holder's last {@link #touch()}, or the borrow. */
    long lastActivityAt();

    /** A snapshot of the current holder at time {@code now}, or null when nobody holds it. */
    HolderInfo<T> holderInfo(long now);

    /** The pool's clock now: a fresh reading, for diagnosis off the borrow path. */
    long now();

    /** The name of the pool it belongs to, for messages. */
    String poolName();

    /**
     * What the pool's {@link HolderWatch} remembered for this entry ({@link Long#MIN_VALUE} until it
     * says otherwise), e.g. the {@link #borrowedAt()} of the borrow it warned about. Only the watch
     * reads and writes it, on the housekeeping thread.
     */
    long watchMark();

    /** Sets {@link #watchMark()}; for the {@link HolderWatch}, on the housekeeping thread. */
    void watchMark(long mark);
}
