package dev.tidepool.core.internal;

import dev.tidepool.core.PoolClosedException;

/**
 * A borrow while the sub-pool's gate is up ({@link SubPool#gate()} not 0): the pool is closed,
 * suspended, or a listener wants timings. Closed: fail at once. Suspended: wait for the resume,
 * within the borrower's deadline, then borrow as usual. Timed: count the borrow, read the clock
 * after it and mark the entry, so its return reports the use time (SubPool's {@code reportUse});
 * a borrow the fast path serves reports a wait of 0 and reads the clock once, a waiting one is
 * measured from its start. Sampled: a borrow the fast path serves is counted, reports nothing and
 * is timed only if it is the sample ({@link TimedUse}); the others as timed. Kept out of
 * {@link SubPool#borrow} so the fast path pays one field read for all of them.
 */
final class GatedBorrow<T> {
    /** A {@code start} for {@link #lentTimed}: taken at once by the fast path, a wait of 0. */
    private static final long AT_ONCE = Long.MIN_VALUE;

    private final SubPool<T> pool;
    private final WaitLine<T> line;
    private final Suspension suspension;
    private final ListenerHub listener;

    GatedBorrow(SubPool<T> pool, WaitLine<T> line, Suspension suspension, ListenerHub listener) {
        this.pool = pool;
        this.line = line;
        this.suspension = suspension;
        this.listener = listener;
    }

    /** {@code start} is when the borrow began (System.nanoTime), or 0 when not read yet. */
    Entry<T> borrow(long start, long timeoutNanos) throws InterruptedException {
        boolean waited = false;
        if (start == 0) {
            int g = pool.gate();
            if ((g == SubPool.GATE_TIMED || g == SubPool.GATE_SAMPLED) && line.oldWaiterCount() == 0) {
                Entry<T> e = EntryTable.claimIdle(pool.entries); // the array itself: one load fewer on the timed fast path
                long now = pool.coarseNanos();
                if (e != null && pool.lendFresh(e, now)) {
                    if (g == SubPool.GATE_SAMPLED) {
                        e.timing.lentSampled(e, now);
                        return e;
                    }
                    return lentTimed(e, AT_ONCE);
                }
                start = System.nanoTime();
                if (e != null) {
                    try {
                        return lentTimed(line.awaitEntry(timeoutNanos, e), start); // to validate or retire it
                    } catch (Suspended s) {
                        waited = true; // suspended while it waited: wait for the resume below
                    }
                }
            } else {
                start = System.nanoTime();
            }
        }
        long deadline = start + timeoutNanos;
        for (;;) {
            int g = pool.gate();
            if ((g & SubPool.GATE_CLOSED) != 0) {
                throw new PoolClosedException(pool.name);
            }
            if ((g & SubPool.GATE_SUSPENDED) != 0) {
                if (!suspension.awaitResumed(deadline, pool::isClosed) && !pool.isClosed()) {
                    throw pool.failures().timedOutSuspended(pool.stats(), timeoutNanos);
                }
                waited = true;
                continue;
            }
            Entry<T> e;
            try {
                // What is left after waiting for a resume; else the whole timeout, which its message names.
                e = pool.borrowNow(waited ? Math.max(1, deadline - System.nanoTime()) : timeoutNanos);
            } catch (Suspended s) {
                waited = true;
                continue; // suspended while it waited: wait for the resume
            }
            return lentTimed(e, start);
        }
    }

    /** While timed or sampled: counts the borrow, marks the lend time, for the use time, and reports the wait since {@code start}. */
    private Entry<T> lentTimed(Entry<T> e, long start) {
        if ((pool.gate() & (SubPool.GATE_TIMED | SubPool.GATE_SAMPLED)) != 0) {
            long now = e.timing.lentTimed(e, pool.coarseNanos());
            listener.acquired(start == AT_ONCE ? 0 : now - start);
        }
        return e;
    }
}
