package dev.tidepool.jdbc.internal.diagnosis;

import dev.tidepool.core.DestroyReason;
import dev.tidepool.core.HolderInfo;
import dev.tidepool.core.PoolEntry;
import dev.tidepool.jdbc.ConnectionHolder;
import dev.tidepool.jdbc.TidepoolListener;
import dev.tidepool.jdbc.internal.ConnectionWrapper;
import dev.tidepool.jdbc.internal.PooledConnection;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * Recovers connections whose {@code Connection} the borrower dropped without closing it. Used
 * only when {@code leakThreshold} is set (registration allocates, so the default borrow path does
 * without): each wrapper gets a {@link PhantomReference} on this data source's queue; when the
 * garbage collector finds a wrapper unreachable and it was never closed, the next housekeeping
 * pass ({@link #poll()}, from {@link IdleInTransactionWatch#afterPass}; see {@link dev.tidepool.core.HolderWatch} for how often)
 * reports the leak with its borrow stack and invalidates the entry. The physical connection may be
 * in the middle of a transaction, so it is closed, never reused; its slot is free again.
 *
 * <p>No thread of its own (a {@link java.lang.ref.Cleaner} has one, which outlived
 * {@code close()} until it was itself collected): the queue is polled by the pool's housekeeping
 * thread, which stops with the pool. A reference left in the queue after close is collected with
 * the data source.
 *
 * <p>The reference is kept reachable by its entry, as the entry's return hook
 * ({@link PoolEntry#onReturn}): the end of the borrow (close, abort) runs it before the entry can be
 * lent again, which disarms and clears the reference, so a connection returned and lent again is
 * never touched by a stale one. Disarming and recovering race for one CAS: exactly one of them
 * acts. The wrapper itself carries nothing extra: the default borrow allocates no more.
 */
public final class LeakCleaner {
    private static final System.Logger LOG = System.getLogger("dev.tidepool.jdbc");

    private final String poolName;
    private final ReferenceQueue<ConnectionWrapper> queue = new ReferenceQueue<>();
    private final TidepoolListener listener;
    private final StackReducer reducer;
    private final AtomicInteger recovered = new AtomicInteger();

    /** @param listener told about each abandoned connection; null: none */
    public LeakCleaner(String poolName, TidepoolListener listener, StackReducer reducer) {
        this.poolName = poolName;
        this.listener = listener;
        this.reducer = reducer;
    }

    /** Watches {@code wrapper}, which holds {@code entry}, until it is closed or becomes unreachable. */
    public void register(ConnectionWrapper wrapper, PoolEntry<PooledConnection> entry) {
        entry.onReturn(new Abandoned(wrapper, queue, entry));
    }

    /**
     * Recovers the connections whose wrappers the garbage collector found unreachable since the
     * last call. Runs on a housekeeping thread; never blocks.
     */
    public void poll() {
        Reference<? extends ConnectionWrapper> r;
        while ((r = queue.poll()) != null) {
            Abandoned a = (Abandoned) r;
            if (a.disarm()) {
                recover(a.entry);
            }
        }
    }

    /** Connections recovered so far. */
    public int recovered() {
        return recovered.get();
    }

    /**
     * Tracks one borrow. Must not reference the wrapper strongly, or the wrapper would never become
     * unreachable. As the entry's return hook it runs when the borrow ends: it disarms itself.
     */
    private static final class Abandoned extends PhantomReference<ConnectionWrapper> implements Runnable {
        private static final AtomicIntegerFieldUpdater<Abandoned> ARMED =
                AtomicIntegerFieldUpdater.newUpdater(Abandoned.class, "armed");
        final PoolEntry<PooledConnection> entry;
        private volatile int armed = 1;

        Abandoned(ConnectionWrapper wrapper, ReferenceQueue<ConnectionWrapper> queue, PoolEntry<PooledConnection> entry) {
            super(wrapper, queue);
            this.entry = entry;
        }

        /** True for the one caller (return or recovery) that found it armed. */
        boolean disarm() {
            return ARMED.compareAndSet(this, 1, 0);
        }

        /** The borrow ended normally (close, abort, invalidate). */
        @Override
        public void run() {
            disarm();
            clear();
        }
    }

    private void recover(PoolEntry<PooledConnection> entry) {
        HolderInfo<PooledConnection> info = entry.holderInfo(entry.now());
        try {
            if (info != null) {
                ConnectionHolder h = Holders.of(info);
                LOG.log(System.Logger.Level.WARNING, () -> describe(h));
                if (listener != null) {
                    listener.connectionAbandoned(h);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, () -> poolName + " - reporting an abandoned connection failed: " + e);
        } finally {
            recovered.incrementAndGet();
            entry.invalidate(DestroyReason.ABANDONED);
        }
    }

    String describe(ConnectionHolder h) {
        StringBuilder sb = new StringBuilder(poolName).append(" - connection leaked: thread ").append(h.threadName())
                .append(" borrowed it ").append(TimeText.of(h.heldFor()))
                .append(" ago and dropped it without close() (the garbage collector found it unreachable)")
                .append(h.inTransaction() ? ", with a transaction open" : "")
                .append("; borrowed at ").append(reducer.describe(h.borrowStack(), IdleInTransactionWatch.FRAMES));
        if (h.lastSql() != null) {
            sb.append("; last SQL: ").append(SqlText.shown(h.lastSql()));
        }
        return sb.append(". The connection is closed (not reused: its session state is unknown) and its slot is free")
                .append(" again. Close every connection in a finally block or try-with-resources").toString();
    }
}
