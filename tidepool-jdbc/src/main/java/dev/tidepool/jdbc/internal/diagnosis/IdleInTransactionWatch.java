package dev.tidepool.jdbc.internal.diagnosis;

import dev.tidepool.core.HolderInfo;
import dev.tidepool.core.HolderWatch;
import dev.tidepool.core.PoolEntry;
import dev.tidepool.jdbc.ConnectionHolder;
import dev.tidepool.jdbc.TidepoolListener;
import dev.tidepool.jdbc.internal.PooledConnection;

import java.time.Duration;

/**
 * Watches the borrowed connections of one data source from the pool's housekeeping pass (every
 * 250 ms, or later while keepalive validations hold a pass up; see {@link HolderWatch}), so
 * nothing is added to the borrow path:
 * <ul>
 * <li><b>Idle in transaction</b>: a connection with a transaction open and no JDBC call for
 *     longer than {@code idleInTransactionThreshold} is reported once per borrow, with the holder
 *     thread's current stack: the incident's pattern (a slow remote call inside a transaction),
 *     found before the pool runs dry. A holder whose stack shows it inside a JDBC call (a long
 *     statement) is not idle and is not reported. The borrow it warned about is remembered in
 *     {@link PoolEntry#watchMark()} (its borrow time), so the next borrow is watched afresh.</li>
 * <li><b>Held longer than leakThreshold</b>: the pool's once-per-borrow leak check calls
 *     {@link #leakSuspected}; the line names the pool, thread, hold time and reduced stacks.</li>
 * <li><b>Abandoned</b> (only with {@code leakThreshold}): after every pass, {@link #afterPass}
 *     polls the {@link LeakCleaner}'s queue of wrappers dropped without {@code close()}.</li>
 * </ul>
 */
public final class IdleInTransactionWatch implements HolderWatch<PooledConnection> {
    private static final System.Logger LOG = System.getLogger("dev.tidepool.jdbc");
    static final int FRAMES = 4;

    private final String poolName;
    private final long thresholdNanos;
    private final Duration threshold;
    private final Duration leakThreshold;
    private final TidepoolListener listener;
    private final StackReducer reducer;
    /** Null when leakThreshold is off. */
    private final LeakCleaner leakCleaner;

    /**
     * @param listener told about each warning; null: none
     * @param leakCleaner polled after every pass for abandoned connections; null: none
     */
    public IdleInTransactionWatch(String poolName, Duration threshold, Duration leakThreshold,
                                  TidepoolListener listener, StackReducer reducer, LeakCleaner leakCleaner) {
        this.poolName = poolName;
        this.threshold = threshold;
        this.thresholdNanos = threshold.toNanos();
        this.leakThreshold = leakThreshold;
        this.listener = listener;
        this.reducer = reducer;
        this.leakCleaner = leakCleaner;
    }

    @Override
    public void afterPass(long now) {
        if (leakCleaner != null) {
            leakCleaner.poll();
        }
    }

    @Override
    public void inspect(PoolEntry<PooledConnection> entry, long now) {
        if (thresholdNanos == 0 || now - entry.lastActivityAt() < thresholdNanos) {
            return;
        }
        long borrowedAt = entry.borrowedAt();
        if (entry.watchMark() == borrowedAt || !entry.resource().inTransaction()) {
            return;
        }
        HolderInfo<PooledConnection> info = entry.holderInfo(now);
        if (info == null) {
            return; // just returned
        }
        ConnectionHolder holder = Holders.of(info);
        StackTraceElement[] stack = Holders.stackNow(holder);
        if (StackReducer.inJdbcCall(stack)) {
            return; // a long statement, not an idle transaction: the next pass looks again
        }
        entry.watchMark(borrowedAt);
        LOG.log(System.Logger.Level.WARNING, () -> describeIdleInTransaction(holder, stack));
        if (listener != null) {
            listener.idleInTransaction(holder, stack);
        }
    }

    String describeIdleInTransaction(ConnectionHolder h, StackTraceElement[] stack) {
        StringBuilder sb = new StringBuilder(poolName).append(" - connection idle in transaction: thread ")
                .append(h.threadName()).append(" has held it for ").append(TimeText.of(h.heldFor()))
                .append(" with a transaction open and no JDBC call for ").append(TimeText.of(h.sinceLastActivity()))
                .append(" (idleInTransactionThreshold ").append(TimeText.of(threshold)).append("), now in ")
                .append(h.thread() != null && h.thread().isAlive() ? reducer.describe(stack, FRAMES) : "(thread ended)");
        appendBorrowSite(sb, h);
        if (h.lastSql() != null) {
            sb.append("; last SQL: ").append(SqlText.shown(h.lastSql()));
        }
        return sb.append(". The open transaction holds a connection (and its locks) while the thread does other")
                .append(" work: commit or roll back before slow calls, or move them out of the transaction").toString();
    }

    @Override
    public void leakSuspected(HolderInfo<PooledConnection> info) {
        ConnectionHolder h = Holders.of(info);
        StackTraceElement[] stack = Holders.stackNow(h);
        LOG.log(System.Logger.Level.WARNING, () -> {
            StringBuilder sb = new StringBuilder(poolName).append(" - connection held for ")
                    .append(TimeText.of(h.heldFor())).append(" by thread ").append(h.threadName())
                    .append(", longer than leakThreshold (").append(TimeText.of(leakThreshold)).append(")")
                    .append(h.inTransaction() ? ", in transaction" : "").append(", no JDBC call for ")
                    .append(TimeText.of(h.sinceLastActivity()));
            appendBorrowSite(sb, h);
            sb.append("; now in ").append(h.thread() != null && h.thread().isAlive()
                    ? reducer.describe(stack, FRAMES) : "(thread ended)");
            if (h.lastSql() != null) {
                sb.append("; last SQL: ").append(SqlText.shown(h.lastSql()));
            }
            return sb.append(". A leak? Close every connection with try-with-resources. A legitimate hold? Raise")
                    .append(" leakThreshold above it").toString();
        });
    }

    private void appendBorrowSite(StringBuilder sb, ConnectionHolder h) {
        if (h.borrowStack() != null) {
            sb.append("; borrowed at ").append(reducer.describe(h.borrowStack(), FRAMES));
        }
    }
}
