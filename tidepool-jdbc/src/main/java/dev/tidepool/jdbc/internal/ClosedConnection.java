package dev.tidepool.jdbc.internal;

import java.util.concurrent.Executor;
import java.sql.*;

/**
 * What a {@link ConnectionWrapper} delegates to once closed: every call fails with
 * {@code "<poolName> - connection is closed"} (SQLState 08003), except {@code close},
 * {@code abort} (no-ops), {@code isClosed} (true) and {@code isValid} (false). One per pool.
 *
 * <p>The refusals are generated at build time ({@code ConnectionRefusal}, by tools/), so a method
 * a new Java release adds refuses too; this class holds the exceptions to the rule.
 */
final class ClosedConnection extends ConnectionRefusal {
    /** SQLState "connection does not exist". */
    static final String CONNECTION_DOES_NOT_EXIST = "08003";

    private final String message;

    ClosedConnection(String poolName) {
        this.message = poolName + " - connection is closed";
    }

    @Override
    SQLException closed() {
        return new SQLException(message, CONNECTION_DOES_NOT_EXIST);
    }

    static SQLException closed(String poolName) {
        return new SQLException(poolName + " - connection is closed", CONNECTION_DOES_NOT_EXIST);
    }

    /** What a borrower hears once the pool closed its connection under it; the driver's error is the cause. */
    static SQLException closedByPool(String poolName, SQLException driverError) {
        return new SQLException(poolName + " - connection is closed because the pool was closed",
                CONNECTION_DOES_NOT_EXIST, driverError);
    }

    @Override
    SQLClientInfoException closedClientInfo() {
        return new SQLClientInfoException(message, CONNECTION_DOES_NOT_EXIST, 0, null);
    }

    @Override
    public String toString() {
        return message;
    }

    @Override
    public void close() throws SQLException {
        // closing a closed connection is a no-op
    }

    @Override
    public boolean isClosed() throws SQLException {
        return true;
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        return false;
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        // closing a closed connection is a no-op
    }
}
