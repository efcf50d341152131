package dev.tidepool.core.internal;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The entries of one sub-pool: the array every borrower scans, and the one place that changes
 * it. Borrowers read the array without a lock (it is replaced, never changed in place, under
 * {@link #structureLock}); a claim is one CAS on an entry's state ({@link Entry}).
 *
 * <p>This is the type the sub-pool's parts share: the borrow path claims from it, the wait line
 * counts returns through it, the creator adds to it, housekeeping walks it.
 *
 * <p>The array itself sits in a field of the {@link SubPool} ({@link SubPool#entries}), which only
 * this class writes: the fast path reads it there, one load from the pool, where reaching it
 * through this object cost a dependent load more per borrow, measured at 19 % of the generic
 * pool's cycle (docs/benchmarks.md, "The engine split").
 */
final class EntryTable<T> {
    @SuppressWarnings("rawtypes")
    private static final Entry[] NO_ENTRIES = new Entry[0];

    private final SubPool<T> pool;
    private final ReentrantLock structureLock = new ReentrantLock();
    /**
     * Offers counted by entries already removed ({@link Entry#offers} of the live ones is the
     * rest): with them, {@link #offersSoFar} never goes back when an entry is destroyed.
     */
    private final LongAdder offersOfRemovedEntries = new LongAdder();

    EntryTable(SubPool<T> pool) {
        this.pool = pool;
    }

    /** The array a sub-pool starts with. */
    @SuppressWarnings("unchecked")
    static <T> Entry<T>[] none() {
        return NO_ENTRIES;
    }

    /** The entries now: a snapshot to iterate, never to change. */
    Entry<T>[] all() {
        return pool.entries;
    }

    int size() {
        return pool.entries.length;
    }

    /** {@link #claimIdle(Entry[])} on the entries now. */
    Entry<T> claimIdle() {
        return claimIdle(pool.entries);
    }

    /**
     * Claims an idle entry with one CAS: the entry in this thread's home slot when it is idle (the
     * common case), else the idle entry this thread used last, else the first idle one after the
     * home slot.
     *
     * <p>Why the middle step: when threads outnumber cores, a thread descheduled while holding an
     * entry keeps it for a whole time slice, and with enough of them the running threads share the
     * few entries left. Taking "the first idle one" then makes two running threads trade entries
     * on every borrow, each trade a cache miss on both cores (measured: throughput fell to a tenth
     * in such phases, with no thread parking). Going back to its own last entry keeps each
     * running thread on an entry already in its core's cache. The scan reads only state fields of
     * entries whose holders are descheduled, which stay cached.
     */
    static <T> Entry<T> claimIdle(Entry<T>[] es) {
        int n = es.length;
        if (n == 0) {
            return null;
        }
        int start = homeSlot(n);
        Entry<T> home = es[start];
        if (home.state() == Entry.IDLE && home.idle2borrowed()) {
            return home;
        }
        Entry<T> own = lastUsedIdle(es, start);
        if (own != null) {
            return own;
        }
        return firstIdle(es, start);
    }

    /** The idle entry the calling thread borrowed last, claimed; null if there is none or it was taken. */
    private static <T> Entry<T> lastUsedIdle(Entry<T>[] es, int start) {
        Thread me = Thread.currentThread();
        int n = es.length;
        for (int i = 1; i < n; i++) {
            int index = start + i < n ? start + i : start + i - n;
            Entry<T> e = es[index];
            if (e.lastBorrower == me) {
                return e.state() == Entry.IDLE && e.idle2borrowed() ? e : null;
            }
        }
        return null;
    }

    /** The first idle entry from the home slot on, claimed; null when a whole scan found none. */
    private static <T> Entry<T> firstIdle(Entry<T>[] es, int start) {
        int n = es.length;
        for (int i = 0; i < n; i++) {
            int index = start + i < n ? start + i : start + i - n;
            Entry<T> e = es[index];
            if (e.state() == Entry.IDLE && e.idle2borrowed()) {
                return e;
            }
        }
        return null;
    }

    /**
     * Maps the thread id onto [0, n) with a multiply and a shift instead of a division: the
     * golden-ratio multiply spreads consecutive ids, the shift scales without a modulo.
     */
    @SuppressWarnings("deprecation") // threadId() is Java 19+; getId() is the same number on 17
    private static int homeSlot(int n) {
        int mixed = (int) Thread.currentThread().getId() * 0x9E3779B9;
        return (int) (((mixed & 0xFFFFFFFFL) * n) >>> 32);
    }

    /** Entries idle right now (a racy count: demand estimates only). */
    int idleCount() {
        int idle = 0;
        for (Entry<T> e : pool.entries) {
            if (e.state() == Entry.IDLE) {
                idle++;
            }
        }
        return idle;
    }

    boolean anyIdle() {
        for (Entry<T> e : pool.entries) {
            if (e.state() == Entry.IDLE) {
                return true;
            }
        }
        return false;
    }

    /**
     * Entries offered (returned, created, kept alive) since the pool started, read racily from the
     * entries' own counters: a rough figure, which is all the wait line's handoff estimate needs.
     * Slow path only.
     */
    long offersSoFar() {
        long sum = offersOfRemovedEntries.sum();
        for (Entry<T> e : pool.entries) {
            sum += e.offers;
        }
        return sum;
    }

    void add(Entry<T> e) {
        structureLock.lock();
        try {
            Entry<T>[] old = pool.entries;
            Entry<T>[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = e;
            pool.entries = grown;
        } finally {
            structureLock.unlock();
        }
    }

    /** Removes {@code e}; false if it was removed before (destroyed twice). */
    boolean remove(Entry<T> e) {
        structureLock.lock();
        try {
            Entry<T>[] old = pool.entries;
            for (int i = 0; i < old.length; i++) {
                if (old[i] == e) {
                    @SuppressWarnings("unchecked")
                    Entry<T>[] shrunk = old.length == 1 ? NO_ENTRIES : new Entry[old.length - 1];
                    System.arraycopy(old, 0, shrunk, 0, i);
                    System.arraycopy(old, i + 1, shrunk, i, old.length - i - 1);
                    pool.entries = shrunk;
                    offersOfRemovedEntries.add(e.offers);
                    return true;
                }
            }
            return false;
        } finally {
            structureLock.unlock();
        }
    }
}
