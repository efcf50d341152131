package dev.tidepool.core.internal;

import dev.tidepool.core.PoolListener;
import dev.tidepool.core.Ticker;

/**
 * The timing bookkeeping of one borrow while a listener wants timings: counting it, deciding
 * whether to time it, and reporting its use time on return (docs/decisions.md, "Sampled
 * timings"). Its state lives in the {@link Entry}, written by the entry's owner only.
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

    private TimedUse() {
    }

    /** A borrow served at once while timings are sampled: counted, and timed if it is the sample. */
    static void lentSampled(Entry<?> e, long coarse) {
        long n = e.countLend();
        e.lentCoarse = coarse;
        if (coarse != e.sampledAt || (n & (SAMPLE_EVERY - 1)) == 0) {
            e.sampledAt = coarse;
            e.lentAt = lendTime(System.nanoTime());
        } else {
            e.lentAt = UNSAMPLED;
        }
    }

    /** A borrow timed whatever the mode (it waited, or every borrow is timed): counted and timed; returns the clock read. */
    static long lentTimed(Entry<?> e, long coarse) {
        e.countLend();
        e.lentCoarse = coarse;
        e.sampledAt = coarse;
        long now = System.nanoTime();
        e.lentAt = lendTime(now);
        return now;
    }

    /** 0 and {@link #UNSAMPLED} mean something else in {@link Entry#lentAt}. */
    private static long lendTime(long now) {
        return now == 0 || now == UNSAMPLED ? now + 1 : now;
    }

    /**
     * A counted borrow came back. {@code exact}: every borrow is timed now, so a timed use is
     * reported with {@link PoolListener#returned}; else with {@link PoolListener#used}.
     */
    static void returned(Entry<?> e, long lentAt, long coarse, boolean exact, Ticker ticker, PoolListener listener) {
        e.countReturn();
        boolean spanned = coarse != e.lentCoarse;
        if (lentAt != UNSAMPLED) {
            long useNanos = Math.max(0, System.nanoTime() - lentAt);
            if (exact) {
                listener.returned(useNanos);
            } else if (spanned) {
                listener.used(useNanos, 1);
            } else {
                listener.used(useNanos, e.unrecorded + 1);
                e.unrecorded = 0;
            }
        } else if (spanned) {
            // Lent between lentCoarse and the coarse clock's next move (within a tick of it), back now.
            long now = ticker.nanoTime();
            listener.used(Math.max(0, Math.max(now - coarse, now - e.lentCoarse - SubPool.TICK_NANOS)), 1);
        } else {
            e.unrecorded++;
        }
    }
}
