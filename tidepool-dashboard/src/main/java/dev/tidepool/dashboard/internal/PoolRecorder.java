package dev.tidepool.dashboard.internal;

import dev.tidepool.core.DestroyReason;
import dev.tidepool.core.HolderInfo;
import dev.tidepool.core.PoolStats;
import dev.tidepool.jdbc.ConnectionHolder;
import dev.tidepool.jdbc.TidepoolListener;
import dev.tidepool.jdbc.internal.diagnosis.SqlText;
import dev.tidepool.jdbc.internal.diagnosis.StackReducer;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * What the dashboard hears from a pool while it is attached ({@code addListener}): the wait of
 * every borrow and the time every connection was held (the timing events: the pool reads the
 * clock for them only while a listener such as this one is attached), why connections were
 * closed, and the pool's warnings as events. A timing is one array increment; a warning, which
 * the pool raises at most once per borrow from its housekeeping thread, one event.
 */
public final class PoolRecorder implements TidepoolListener {

    private static final DestroyReason[] REASONS = DestroyReason.values();

    private final EventLog events;
    private final LongSupplier acquireTimeoutNanos;
    private final boolean timings;
    private final LatencyRecorder waits = new LatencyRecorder();
    private final LatencyRecorder uses = new LatencyRecorder();
    private final AtomicLongArray destroyed = new AtomicLongArray(REASONS.length);

    /**
     * @param acquireTimeoutNanos the pool's current acquireTimeout: what a timed-out borrow waited
     * @param timings whether to ask for the timing events (the pool then reads the clock on borrow and return)
     */
    public PoolRecorder(EventLog events, LongSupplier acquireTimeoutNanos, boolean timings) {
        this.events = events;
        this.acquireTimeoutNanos = acquireTimeoutNanos;
        this.timings = timings;
    }

    @Override
    public boolean wantsTimings() {
        return timings;
    }

    @Override
    public void acquired(long waitNanos) {
        if (timings) { // another listener may want timings: then the pool calls every listener
            waits.record(waitNanos);
        }
    }

    /** A borrow that gave up waited acquireTimeout: left out, the wait chart would look best when the pool is dry. */
    @Override
    public void timedOut(PoolStats stats) {
        if (timings) {
            waits.record(acquireTimeoutNanos.getAsLong());
        }
    }

    @Override
    public void returned(long useNanos) {
        if (timings) {
            uses.record(useNanos);
        }
    }

    @Override
    public void destroyed(DestroyReason reason) {
        destroyed.incrementAndGet(reason.ordinal());
    }

    @Override
    public void idleInTransaction(ConnectionHolder h, StackTraceElement[] stackNow) {
        events.add(System.currentTimeMillis(), "idle-in-transaction", "thread " + h.threadName()
                + " has held a connection for " + seconds(h.heldFor()) + " with a transaction open and no JDBC call"
                + " for " + seconds(h.sinceLastActivity()) + ", now in "
                + StackReducer.DEFAULT.describe(stackNow, HolderRow.FRAMES) + lastSql(h.lastSql()));
    }

    @Override
    public void leakSuspected(HolderInfo<?> h) {
        events.add(System.currentTimeMillis(), "leak", "thread " + h.threadName() + " has held a connection for "
                + seconds(h.heldFor()) + " (longer than leakThreshold), borrowed at "
                + StackReducer.DEFAULT.describe(h.borrowStack(), HolderRow.FRAMES));
    }

    @Override
    public void connectionAbandoned(ConnectionHolder h) {
        events.add(System.currentTimeMillis(), "abandoned", "a connection borrowed by thread " + h.threadName()
                + " was dropped without close() after " + seconds(h.heldFor()) + "; borrowed at "
                + StackReducer.DEFAULT.describe(h.borrowStack(), HolderRow.FRAMES) + lastSql(h.lastSql())
                + "; the pool closed it and freed its slot");
    }

    LatencyRecorder waits() {
        return waits;
    }

    LatencyRecorder uses() {
        return uses;
    }

    long destroyedCount(DestroyReason reason) {
        return destroyed.get(reason.ordinal());
    }

    private static String lastSql(String sql) {
        return sql == null ? "" : "; last SQL: " + SqlText.shown(sql);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toNanos() / 1e9);
    }
}
