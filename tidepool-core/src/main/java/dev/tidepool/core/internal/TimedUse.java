package dev.tidepool.core.internal;

import dev.tidepool.core.PoolListener;
import dev.tidepool.core.Ticker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The timing bookkeeping of one entry while a listener wants timings: counting its borrows,
 * deciding whether to time one, and reporting its use time on return (docs/decisions.md, "Sampled
 * timings"). Written by the entry's owner only; the counts are read by any thread.
 *
 * <p>Why sample: a clock read costs 20-250 ns on a virtual machine, more than a whole borrow and
 * return of the fast path (~30 ns), and timing every use takes two. A sampled listener
 * ({@link PoolListener#samplesTimings()}) gets exact counts from the entries' own counters and
 * an exact wait for every borrow that waited (the slow path reads the clock anyway); of the
 * borrows served at once (a wait of 0) only a sample is timed: the first use of the entry after
 * the coarse clock moved (so at low rates, every use), and every {@link #SAMPLE_EVERY}th use. A
 * sample's use time stands for itself and the untimed uses of the same entry before it, so the
 * total of time x weight only grows and, uses being alike, estimates the true total. A use that
 * spanned a move of the coarse clock is reported on its own with weight 1, so the long holds
 * (those that drain a pool) and the maximum never depend on the sample: exactly when the use was
 * timed, else from the coarse clock, as a lower bound at most {@link SubPool#TICK_NANOS} short.
 * Those uses are kept out of the samples' weights, which stand for the uses that did not span one.
 */
final class TimedUse {
    /** {@link Entry#lentAt} of a borrow counted but not timed. */
    static final long UNSAMPLED = Long.MIN_VALUE;
    /** Every this many lends of an entry, one is timed even if the coarse clock did not move: a power of two. */
    static final int SAMPLE_EVERY = 16;
    private static final VarHandle LENDS;
    private static final VarHandle RETURNS;

    static {
        try {
            LENDS = MethodHandles.lookup().findVarHandle(TimedUse.class, "lends", long.class);
            RETURNS = MethodHandles.lookup().findVarHandle(TimedUse.class, "returns", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Read by other threads too (BorrowCounts sums them): written and read opaque, so never torn.
    @SuppressWarnings("unused") // accessed through LENDS
    private long lends;
    @SuppressWarnings("unused") // accessed through RETURNS
    private long returns;
    /** The coarse clock at the last timed lend: one timed lend per move of the coarse clock. */
    private long sampledAt = Long.MIN_VALUE;
    /** The coarse clock at the current counted lend: a different one at the return means the use spanned a move. */
    private long lentCoarse;
    /** Returns since the last sample that carried a weight, not timed: the next such sample stands for them. */
    private long unrecorded;

    /** A borrow of {@code e} served at once while timings are sampled: counted, and timed if it is the sample. */
    void lentSampled(Entry<?> e, long coarse) {
        long n = countLend();
        lentCoarse = coarse;
        if (coarse != sampledAt || (n & (SAMPLE_EVERY - 1)) == 0) {
            sampledAt = coarse;
            e.lentAt = lendTime(System.nanoTime());
        } else {
            e.lentAt = UNSAMPLED;
        }
    }

    /** A borrow of {@code e} timed whatever the mode (it waited, or every borrow is timed): counted and timed; returns the clock read. */
    long lentTimed(Entry<?> e, long coarse) {
        countLend();
        lentCoarse = coarse;
        sampledAt = coarse;
        long now = System.nanoTime();
        e.lentAt = lendTime(now);
        return now;
    }

    private long countLend() {
        long n = (long) LENDS.getOpaque(this) + 1;
        LENDS.setOpaque(this, n);
        return n;
    }

    /** Lends counted so far; any thread. */
    long lends() {
        return (long) LENDS.getOpaque(this);
    }

    /** Returns counted so far; any thread. */
    long returns() {
        return (long) RETURNS.getOpaque(this);
    }

    /** 0 and {@link #UNSAMPLED} mean something else in {@link Entry#lentAt}. */
    private static long lendTime(long now) {
        return now == 0 || now == UNSAMPLED ? now + 1 : now;
    }

    /**
     * A counted borrow came back, lent at {@code lentAt} ({@link Entry#lentAt}). {@code exact}: every
     * borrow is timed now, so a timed use is reported with {@link PoolListener#returned}; else with
     * {@link PoolListener#used}.
     */
    void returned(long lentAt, long coarse, boolean exact, Ticker ticker, PoolListener listener) {
        RETURNS.setOpaque(this, (long) RETURNS.getOpaque(this) + 1);
        boolean spanned = coarse != lentCoarse;
        if (lentAt != UNSAMPLED) {
            long useNanos = Math.max(0, System.nanoTime() - lentAt);
            if (exact) {
                listener.returned(useNanos);
            } else if (spanned) {
                listener.used(useNanos, 1);
            } else {
                listener.used(useNanos, unrecorded + 1);
                unrecorded = 0;
            }
        } else if (spanned) {
            // Lent between lentCoarse and the coarse clock's next move (within a tick of it), back now.
            long now = ticker.nanoTime();
            listener.used(Math.max(0, Math.max(now - coarse, now - lentCoarse - SubPool.TICK_NANOS)), 1);
        } else {
            unrecorded++;
        }
    }
}
