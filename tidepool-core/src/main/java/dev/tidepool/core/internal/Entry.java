package dev.tidepool.core.internal;

import dev.tidepool.core.DestroyReason;
import dev.tidepool.core.HolderInfo;
import dev.tidepool.core.PoolEntry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * One pooled resource and its bookkeeping: a small state machine with one state field.
 *
 * <pre>
 *   created (Creator.createOne)
 *        |
 *        v            toIdle (a return, a creation: WaitLine.offer)
 *    BORROWED ---------------------------------> IDLE
 *     |  ^  <----------------------------------   |  ^
 *     |  |         idle2borrowed (CAS: a claim)   |  |
 *     |  |                         idle2reserved  |  | toIdle (kept alive,
 *     |  |                         (CAS)          v  |  no old waiter)
 *     |  +----------------------------------- RESERVED
 *     |      toBorrowed (kept alive, handed     |
 *     |      straight to an old waiter)         |
 *     | toRemoved                       toRemoved |
 *     v                                           v
 *    REMOVED <------------------------------------+
 *    (SubPool.destroy; never leaves this state. At the drain deadline
 *     Eviction.destroyRemaining takes an entry there from any state.)
 * </pre>
 *
 * This class holds the state field and the five methods that change it; the callers decide
 * when (docs/architecture.md, "Entry states", has the table of who decides each transition):
 * a borrower's claim ({@link EntryTable#claimIdle}), {@link Housekeeper} and {@link Eviction}
 * reserving idle entries, {@link WaitLine#offer} making entries IDLE or handing them on, and
 * {@link SubPool#destroy} removing them.
 *
 * <p>A new entry starts BORROWED by its creator, which hands it to a waiter or makes it IDLE.
 * Handing a BORROWED entry from a returner to a waiter keeps it BORROWED: ownership moves
 * without the entry ever becoming visible as IDLE, so no newcomer can barge in.
 *
 * <p>The holder fields ({@code holder}, {@code borrowedAt}, {@code lastActivityAt}) are plain
 * fields written by the owning thread on the hot path; other threads read them only for
 * diagnosis snapshots, where a slightly stale value is fine.
 *
 * <p>The layer built on the pool sees it as the API's {@link PoolEntry}: it is the only
 * subclass, so the JIT binds those calls statically as it did this final class's, and the JDBC
 * layer's wrapper holds it directly (no handle per borrow).
 */
public final class Entry<T> extends PoolEntry<T> {
    static final int IDLE = 0;
    static final int BORROWED = 1;
    static final int RESERVED = 2;
    static final int REMOVED = 3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Entry.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final SubPool<T> pool;
    final T resource;
    final long createdAt;
    /** createdAt + maxLifetime - jitter, or Long.MAX_VALUE when lifetime is unlimited. */
    final long retireAt;

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state = BORROWED;

    /** Set by housekeeping or softEvictAll: destroy on return instead of reusing. */
    volatile DestroyReason evictOnReturn;

    // Holder tracking: plain fields, written by the owning thread.
    Thread holder;
    /** The thread that borrowed it last; kept after the return, so that thread can find it again. */
    Thread lastBorrower;
    long borrowedAt;
    long lastActivityAt;
    StackTraceElement[] borrowStack;
    boolean leakReported;
    /** {@link #watchMark()}: touched only by the pool's holder watch, on the housekeeping thread. */
    private long watchMark = Long.MIN_VALUE;
    /**
     * While a listener wants timings ({@link TimedUse}): System.nanoTime when this borrow was lent
     * and timed, {@link TimedUse#UNSAMPLED} when lent and counted but not timed; else 0. Owner only.
     */
    long lentAt;
    /**
     * This entry's counts and sampling state while a listener wants timings. A separate object, so
     * that the fields the borrow path touches without listeners stay as few cache lines as before.
     */
    final TimedUse timing = new TimedUse();
    /** Run once when the current borrow ends (return or invalidate); set by the borrower's layer, or null. */
    Runnable returnHook;

    // Housekeeping bookkeeping, written by whoever owns the entry. lastUsedAt is the last borrow or
    // housekeeping pass that saw it borrowed: idle time is measured from it. lastAliveAt is the last
    // borrow, return or successful validation: a recently proven entry is lent without a validation
    // trip (the return counts: the borrower was using it until then, and a failure would have
    // marked it broken).
    long lastUsedAt;
    long lastAliveAt;
    long nextKeepaliveAt;
    /** How often this entry was made available (returned, created, kept alive): a rough rate, read racily. */
    long offers;

    Entry(SubPool<T> pool, T resource, long createdAt, long retireAt, long nextKeepaliveAt) {
        this.pool = pool;
        this.resource = resource;
        this.createdAt = createdAt;
        this.retireAt = retireAt;
        this.lastUsedAt = createdAt;
        this.lastAliveAt = createdAt;
        this.borrowedAt = createdAt;
        this.nextKeepaliveAt = nextKeepaliveAt;
    }

    /** The pooled resource. */
    @Override
    public T resource() {
        return resource;
    }

    /** Returns this entry to its pool (reset included). Call once per borrow. */
    @Override
    public void release() {
        pool.release(this);
    }

    /** Destroys this entry instead of returning it. Call once per borrow, instead of release. */
    @Override
    public void invalidate(DestroyReason reason) {
        pool.invalidate(this, reason);
    }

    /** Records activity by the holder now: two plain field accesses, no clock read (see SubPool, "Time"). */
    @Override
    public void touch() {
        lastActivityAt = pool.coarseNanos();
    }

    /** When the current borrow began, on the pool's (coarse) clock. */
    @Override
    public long borrowedAt() {
        return borrowedAt;
    }

    /** The holder's last reported activity ({@link #touch()}), or the borrow, on the pool's (coarse) clock. */
    @Override
    public long lastActivityAt() {
        return lastActivityAt;
    }

    /** A snapshot of the current holder at time {@code now}, or null when nobody holds this entry. */
    @Override
    public HolderInfo<T> holderInfo(long now) {
        Thread h = holder;
        if (h == null) {
            return null; // between borrow and lend, or just returned
        }
        return holderInfo(h, now);
    }

    /** A snapshot of this borrow as held by {@code holder} (the drain shows entries whose holder just left too). */
    HolderInfo<T> holderInfo(Thread holder, long now) {
        return new HolderInfo<>(resource, holder, Duration.ofNanos(Math.max(0, now - borrowedAt)),
                Duration.ofNanos(Math.max(0, now - lastActivityAt)), borrowStack);
    }

    /**
     * Runs {@code hook} once when the current borrow ends, on the thread that returns or
     * invalidates the entry, before the entry can be lent again (the JDBC layer's leak tracking
     * uses it to tell a returned connection from an abandoned one). Call it as the borrower.
     */
    @Override
    public void onReturn(Runnable hook) {
        this.returnHook = hook;
    }

    /** The pool's clock now (a fresh reading, for diagnosis off the hot path). */
    @Override
    public long now() {
        return pool.ticker.nanoTime();
    }

    /** The pool this entry belongs to, by name (for messages). */
    @Override
    public String poolName() {
        return pool.name;
    }

    @Override
    public long watchMark() {
        return watchMark;
    }

    @Override
    public void watchMark(long mark) {
        watchMark = mark;
    }

    int state() {
        return (int) STATE.getVolatile(this);
    }

    boolean idle2borrowed() {
        return STATE.compareAndSet(this, IDLE, BORROWED);
    }

    boolean idle2reserved() {
        return STATE.compareAndSet(this, IDLE, RESERVED);
    }

    void toBorrowed() {
        STATE.setVolatile(this, BORROWED);
    }

    void toIdle() {
        STATE.setVolatile(this, IDLE);
    }

    void toRemoved() {
        if ((int) STATE.getAndSet(this, REMOVED) != REMOVED) {
            long lent = timing.lends();
            long back = timing.returns();
            if (lent != 0 || back != 0) {
                // After the state write: a BorrowCounts reading that sees these totals skips the entry (ListenerHub).
                pool.listeners().removed(lent, back);
            }
        }
    }

    @Override
    public String toString() {
        return "Entry{" + pool.name + ", state=" + state() + "}";
    }
}
