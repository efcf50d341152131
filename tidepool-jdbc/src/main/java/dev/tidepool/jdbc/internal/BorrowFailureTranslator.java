package dev.tidepool.jdbc.internal;

import dev.tidepool.core.EngineView;
import dev.tidepool.core.PoolClosedException;
import dev.tidepool.core.PoolSaturatedException;
import dev.tidepool.core.PoolStats;
import dev.tidepool.core.PoolTimeoutException;
import dev.tidepool.core.PoolUnavailableException;
import dev.tidepool.jdbc.ConnectionHolder;
import dev.tidepool.jdbc.Diagnosis;
import dev.tidepool.jdbc.internal.diagnosis.ExhaustionLog;
import dev.tidepool.jdbc.internal.diagnosis.ExhaustionReport;
import dev.tidepool.jdbc.internal.diagnosis.Holders;
import dev.tidepool.jdbc.internal.diagnosis.RecentReport;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an engine's failed borrow into the {@code SQLException} a JDBC caller sees: the type says
 * whether waiting may help (transient) or not, the SQL state is the driver's where it gave one, and
 * a timeout or a shed borrow carries the diagnosis (who holds the connections, and a verdict). Only
 * failed borrows come here; the borrow path itself never touches it.
 */
public final class BorrowFailureTranslator {
    /** SQL client unable to establish SQL connection: the state when the driver gave none. */
    private static final String UNABLE_TO_CONNECT = "08001";

    private final String poolName;
    /** Masked out of every message that quotes a driver's text. */
    private final String password;
    private final ExhaustionLog exhaustionLog = new ExhaustionLog();
    private final RecentReport recentReport = new RecentReport();

    public BorrowFailureTranslator(String poolName, String password) {
        this.poolName = poolName;
        this.password = password;
    }

    /**
     * The exception for a borrow from {@code from} that failed with {@code failure}; an interrupt
     * keeps the thread's flag. {@code maxSize} is the pool's size now, for the report's verdict.
     * {@code from} is null for a credentials partition removed since (it held nothing).
     */
    public SQLException translate(Exception failure, EngineView<PooledConnection> from, int maxSize) {
        if (failure instanceof PoolTimeoutException) {
            PoolTimeoutException timeout = (PoolTimeoutException) failure;
            Throwable cause = timeout.getCause();
            return new SQLTransientConnectionException(
                    exhaustionReport(timeout.getMessage(), timeout.stats(), cause, from, maxSize), sqlState(cause), cause);
        }
        if (failure instanceof PoolSaturatedException) {
            PoolSaturatedException shed = (PoolSaturatedException) failure;
            return new SQLTransientConnectionException(
                    exhaustionReport(shed.getMessage(), shed.stats(), from == null ? null : from.lastCreateFailure(), from, maxSize),
                    UNABLE_TO_CONNECT);
        }
        if (failure instanceof PoolUnavailableException) {
            Throwable cause = failure.getCause();
            String message = poolName + " - cannot open a connection: " + ConnectFailureClassifier.describe(cause, password);
            // Refused / unknown host before any connection opened: definite now, but may clear later.
            return ConnectFailureClassifier.failsFast(cause)
                    ? new SQLNonTransientConnectionException(message, sqlState(cause), cause)
                    : new SQLTransientConnectionException(message, sqlState(cause), cause);
        }
        if (failure instanceof PoolClosedException) {
            return closed();
        }
        if (failure instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new SQLException(poolName + " - interrupted while waiting for a connection", failure);
        }
        return new SQLException(failure.getMessage(), failure);
    }

    /**
     * Why start-up with {@code failFast} found no first connection: {@code definite} when a connect
     * failed for a reason that ends start-up at once (refused, unknown host, login, database), else
     * it waited the whole {@code acquireTimeout} ({@code waitedMillis}).
     */
    public SQLException firstConnectionFailure(Throwable cause, boolean definite, long waitedMillis) {
        String reason = cause != null ? ConnectFailureClassifier.describe(cause, password)
                : "the driver did not answer (is the server reachable? a firewall may drop the packets)";
        String when = definite ? "" : " within " + waitedMillis + " ms";
        return new SQLException(poolName + " - cannot open a first connection" + when + " (failFast): " + reason,
                sqlState(cause), cause);
    }

    public SQLException closed() {
        return new SQLException(poolName + " - pool is closed");
    }

    /**
     * A timeout's or a shed borrow's message ({@code maxWaiters}) with the diagnosis after the
     * counts, also logged at most every 30 s. Stacks are taken here, only when a waiter gave up, and
     * waiters that give up together share one report per second ({@link RecentReport}); none waits
     * more than {@link RecentReport#MAX_WAIT} for another's.
     */
    private String exhaustionReport(String headline, PoolStats stats, Throwable cause, EngineView<PooledConnection> from, int maxSize) {
        try {
            Diagnosis d = recentReport.get(from, headline, stats, () -> {
                List<ConnectionHolder> holders = new ArrayList<>();
                if (from != null) {
                    Holders.addAll(from, holders);
                }
                return ExhaustionReport.build(new ExhaustionReport.Input(poolName, headline, true,
                        stats, maxSize, holders, cause, password));
            });
            if (d == null) {
                // another waiter has been building the report for longer than this one may wait
                return headline + "\n  (no diagnosis: another waiter is still building it; counts only)";
            }
            exhaustionLog.timedOut(d);
            return d.toString();
        } catch (RuntimeException | LinkageError e) {
            return headline + " (diagnosis failed: " + e + ")";
        }
    }

    private static String sqlState(Throwable cause) {
        if (cause instanceof SQLException && ((SQLException) cause).getSQLState() != null) {
            return ((SQLException) cause).getSQLState();
        }
        return UNABLE_TO_CONNECT;
    }
}
