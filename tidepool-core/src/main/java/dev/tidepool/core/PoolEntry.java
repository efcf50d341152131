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
 *
 * <p>An abstract class rather than an interface, and implemented by the pool only: with one
 * subclass loaded, the JIT binds a call on it (the wrapper's {@link #touch()} on every statement,
 * {@link #release()} on every close) as it binds a call on the final class, with no check of the
 * receiver's type, which an interface call needs.
 */
public abstract class PoolEntry<T> {

    /** For the pool's own entry class. */
    protected PoolEntry() {
    }

    /** The pooled resource. */
    public abstract T resource();

    /** Returns it to its pool (reset included). Call once per borrow, as the borrower. */
    public abstract void release();

    /** Destroys it instead of returning it. Call once per borrow, instead of {@link #release()}. */
    public abstract void invalidate(DestroyReason reason);

    /** Records activity by the holder now, without reading a clock (the pool's coarse time). */
    public abstract void touch();

    /**
     * Runs {@code hook} once when the current borrow ends, on the thread that returns or
     * invalidates the entry, before it can be lent again (the JDBC layer's leak tracking uses it to
     * tell a returned connection from an abandoned one). Call it as the borrower; one hook per borrow.
     */
    public abstract void onReturn(Runnable hook);

    /** When the current borrow began. */
    public abstract long borrowedAt();

    /** The holder's last {@link #touch()}, or the borrow. */
    public abstract long lastActivityAt();

    /** A snapshot of the current holder at time {@code now}, or null when nobody holds it. */
    public abstract HolderInfo<T> holderInfo(long now);

    /** The pool's clock now: a fresh reading, for diagnosis off the borrow path. */
    public abstract long now();

    /** The name of the pool it belongs to, for messages. */
    public abstract String poolName();

    /**
     * What the pool's {@link HolderWatch} remembered for this entry ({@link Long#MIN_VALUE} until it
     * says otherwise), e.g. the {@link #borrowedAt()} of the borrow it warned about. Only the watch
     * reads and writes it, on the housekeeping thread.
     */
    public abstract long watchMark();

    /** Sets {@link #watchMark()}; for the {@link HolderWatch}, on the housekeeping thread. */
    public abstract void watchMark(long mark);
}
