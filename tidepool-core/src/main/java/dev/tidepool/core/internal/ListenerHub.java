package dev.tidepool.core.internal;

import dev.tidepool.core.BorrowCounts;
import dev.tidepool.core.DestroyReason;
import dev.tidepool.core.HolderInfo;
import dev.tidepool.core.PoolListener;
import dev.tidepool.core.PoolListeners;
import dev.tidepool.core.PoolStats;
import dev.tidepool.core.Registration;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The listeners of one pool: those given at construction and those attached later, called in
 * the order they were attached. The array is copied on every change (changes are rare, calls are
 * not), so a call reads one volatile field and never locks.
 *
 * <p>The borrow path does not read this at all: each {@link SubPool} keeps a "timed" bit in its
 * gate, which the hub sets while some listener {@linkplain PoolListener#wantsTimings() wants
 * timings}. Sub-pools subscribe weakly, so the sub-pools a keyed pool removes are forgotten.
 *
 * <p>The hub also keeps the pool's {@link BorrowCounts}: the live entries of its sub-pools count
 * their own borrows, and an entry removed hands its totals to the hub ({@link #removed}), so the
 * sum survives the entry and its sub-pool. A reading sums the removed totals first and then the
 * entries not marked removed: an entry is marked before it hands its totals over, so a reading that
 * sees them skips the entry (never counted twice); one that misses them in between counts too
 * little for a moment, which the reading hides by never going below the previous one.
 *
 * <p>A listener that throws is logged (once per listener) and otherwise ignored: a metrics bug
 * must not fail a borrow.
 */
public final class ListenerHub implements PoolListeners {
    private static final System.Logger LOG = System.getLogger("dev.tidepool.core");
    private static final PoolListener[] NONE = new PoolListener[0];

    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by lock. */
    private final Set<SubPool<?>> subscribers = Collections.newSetFromMap(new WeakHashMap<>());
    /** Guarded by lock. */
    private final Set<PoolListener> complained = Collections.newSetFromMap(new WeakHashMap<>());
    private volatile PoolListener[] listeners = NONE;
    /** The same listeners as an unmodifiable list, made at each change, so {@link #attached()} copies nothing. */
    private volatile List<PoolListener> attached = List.of();
    private volatile boolean timed;
    /** Timed, and every listener that wants timings samples them. */
    private volatile boolean sampled;
    private final LongAdder removedBorrows = new LongAdder();
    private final LongAdder removedReturns = new LongAdder();
    private final AtomicLong lastBorrows = new AtomicLong();
    private final AtomicLong lastReturns = new AtomicLong();
    private final BorrowCounts counts = new BorrowCounts() {
        @Override
        public long borrows() {
            return lastBorrows.accumulateAndGet(sums()[0], Math::max);
        }

        @Override
        public long returns() {
            return lastReturns.accumulateAndGet(sums()[1], Math::max);
        }

        @Override
        public String toString() {
            return "BorrowCounts{" + ListenerHub.this + "}";
        }
    };

    private ListenerHub() {
    }

    /** A hub holding {@code first} (unless it is {@link PoolListener#NONE}); a hub is returned as it is. */
    public static ListenerHub of(PoolListener first) {
        Objects.requireNonNull(first, "listener");
        if (first instanceof ListenerHub) {
            return (ListenerHub) first;
        }
        ListenerHub hub = new ListenerHub();
        if (first != PoolListener.NONE) {
            hub.add(first);
        }
        return hub;
    }

    @Override
    public Registration add(PoolListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (listener == this) {
            throw new IllegalArgumentException("a pool's listener hub cannot listen to itself");
        }
        lock.lock();
        try {
            try {
                listener.attached(counts);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
            PoolListener[] old = listeners;
            PoolListener[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = listener;
            publish(grown);
        } finally {
            lock.unlock();
        }
        return new Registration() {
            private boolean closed;

            @Override
            public void close() {
                lock.lock();
                try {
                    if (!closed) {
                        closed = true;
                        remove(listener);
                    }
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public String toString() {
                return "Registration{" + listener + (closed ? ", closed" : "") + "}";
            }
        };
    }

    private void remove(PoolListener listener) {
        PoolListener[] old = listeners;
        for (int i = 0; i < old.length; i++) {
            if (old[i] == listener) {
                PoolListener[] shrunk = new PoolListener[old.length - 1];
                System.arraycopy(old, 0, shrunk, 0, i);
                System.arraycopy(old, i + 1, shrunk, i, old.length - i - 1);
                publish(shrunk);
                return;
            }
        }
    }

    /** Under lock: installs the new array and tells every sub-pool whether timings are wanted. */
    private void publish(PoolListener[] next) {
        boolean wantTimings = false;
        boolean exact = false;
        for (PoolListener l : next) {
            boolean wants = wantsTimings(l);
            wantTimings |= wants;
            exact |= wants && !samplesTimings(l);
        }
        listeners = next.length == 0 ? NONE : next;
        attached = List.of(next);
        timed = wantTimings;
        sampled = wantTimings && !exact;
        for (SubPool<?> sub : subscribers) {
            sub.timingsWanted(wantTimings, sampled);
        }
    }

    private boolean wantsTimings(PoolListener l) {
        try {
            return l.wantsTimings();
        } catch (RuntimeException e) {
            failed(l, e);
            return false;
        }
    }

    private boolean samplesTimings(PoolListener l) {
        try {
            return l.samplesTimings();
        } catch (RuntimeException e) {
            failed(l, e);
            return false;
        }
    }

    /** An entry of one of this hub's sub-pools was removed: its counts stay in the pool's (see the class comment). */
    void removed(long borrows, long returns) {
        removedBorrows.add(borrows);
        removedReturns.add(returns);
    }

    /** The removed entries' totals, then the live entries' counts (in this order: see the class comment). */
    private long[] sums() {
        long[] sums = {removedBorrows.sum(), removedReturns.sum()};
        lock.lock();
        try {
            for (SubPool<?> sub : subscribers) {
                sub.addBorrowCounts(sums);
            }
        } finally {
            lock.unlock();
        }
        return sums;
    }

    /** The pool's borrows and returns, counted while some listener wants timings. */
    public BorrowCounts counts() {
        return counts;
    }

    /** A sub-pool (of this pool) asks to hear whether timings are wanted, now and after each change. */
    void subscribe(SubPool<?> sub) {
        lock.lock();
        try {
            subscribers.add(sub);
            sub.timingsWanted(timed, sampled);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<PoolListener> attached() {
        return attached;
    }

    /** Whether any listener is attached. */
    public boolean isEmpty() {
        return listeners.length == 0;
    }

    /** Whether some attached listener wants timings. */
    public boolean timed() {
        return timed;
    }

    /** Logs a listener's exception, once per listener: it must not fail the pool. */
    @Override
    public void failed(PoolListener l, RuntimeException e) {
        boolean first;
        lock.lock();
        try {
            first = complained.add(l);
        } finally {
            lock.unlock();
        }
        if (first) {
            LOG.log(System.Logger.Level.WARNING, "a pool listener threw (ignored; logged once per listener): " + l, e);
        }
    }

    @Override
    public boolean wantsTimings() {
        return timed;
    }

    @Override
    public boolean samplesTimings() {
        return sampled;
    }

    /** Not forwarded: each listener is given the counts once, when it is attached ({@link #add}). */
    @Override
    public void attached(BorrowCounts counts) {
    }

    @Override
    public void used(long useNanos, long returns) {
        for (PoolListener l : listeners) {
            try {
                l.used(useNanos, returns);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public void acquired(long waitNanos) {
        for (PoolListener l : listeners) {
            try {
                l.acquired(waitNanos);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public void returned(long useNanos) {
        for (PoolListener l : listeners) {
            try {
                l.returned(useNanos);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public void timedOut(PoolStats stats) {
        for (PoolListener l : listeners) {
            try {
                l.timedOut(stats);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public void rejected(PoolStats stats) {
        for (PoolListener l : listeners) {
            try {
                l.rejected(stats);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public void created(Duration took) {
        for (PoolListener l : listeners) {
            try {
                l.created(took);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public void createFailed(Throwable cause) {
        for (PoolListener l : listeners) {
            try {
                l.createFailed(cause);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public void destroyed(DestroyReason reason) {
        for (PoolListener l : listeners) {
            try {
                l.destroyed(reason);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public void leakSuspected(HolderInfo<?> holder) {
        for (PoolListener l : listeners) {
            try {
                l.leakSuspected(holder);
            } catch (RuntimeException e) {
                failed(l, e);
            }
        }
    }

    @Override
    public String toString() {
        return "ListenerHub" + Arrays.toString(listeners);
    }
}
