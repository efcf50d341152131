package dev.tidepool.jdbc.internal;

import java.sql.*;

/**
 * The {@link PreparedStatement} a borrower gets, and the base of the callable wrapper: adds the
 * {@code PreparedStatement} methods to {@link StatementWrapper}. Each execute passes the SQL the
 * statement was prepared with through the connection's hook again (the prepare already did):
 * diagnosis shows the SQL that runs now, and with auto-commit off an execute opens a transaction.
 * The other {@code PreparedStatement} methods (parameters, metadata) are the delegation generated
 * at build time ({@code PreparedStatementDelegation}, by tools/, between this class and
 * {@link StatementWrapper}).
 */
public class PreparedStatementWrapper<S extends PreparedStatement> extends PreparedStatementDelegation<S> {
    /** The SQL this statement was prepared with, for the SQL hook on each execute. */
    private final String sql;

    PreparedStatementWrapper(ConnectionWrapper conn, S delegate, String sql) {
        super(conn, delegate);
        this.sql = sql;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        try {
            conn.beforeExecute(this.sql);
            return wrap(delegate.executeQuery());
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public int executeUpdate() throws SQLException {
        try {
            conn.beforeExecute(this.sql);
            return delegate.executeUpdate();
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public boolean execute() throws SQLException {
        try {
            conn.beforeExecute(this.sql);
            return delegate.execute();
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        try {
            conn.beforeExecute(this.sql);
            return delegate.executeLargeUpdate();
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    /** Unlike a plain statement's batch, a prepared batch runs the prepared SQL: the hook sees it. */
    @Override
    public int[] executeBatch() throws SQLException {
        try {
            conn.beforeExecute(this.sql);
            return delegate.executeBatch();
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    /** As {@link #executeBatch()}. */
    @Override
    public long[] executeLargeBatch() throws SQLException {
        try {
            conn.beforeExecute(this.sql);
            return delegate.executeLargeBatch();
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public String toString() {
        return "TidepoolPreparedStatement{" + delegate + "}";
    }
}
