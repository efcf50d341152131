package dev.tidepool.jdbc.internal;

import java.sql.*;

/**
 * The {@link Statement} a borrower gets, and the base of the prepared and callable wrappers.
 * Delegates every call to the driver's statement; passes SQL through the connection's hook and
 * errors through its classifier; returns the connection wrapper from {@code getConnection()} and
 * wraps result sets. Tracked by the connection until closed, and closed by the pool on return if
 * the borrower left it open. Written by tools/GenerateWrappers.java once; maintained by hand.
 *
 * <p>The three wrappers form the same hierarchy as the JDBC interfaces
 * ({@code CallableStatement extends PreparedStatement extends Statement}), so each
 * {@code Statement} method, the close/track plumbing and unwrapping are written once, here. The
 * subclasses add only the methods of their own interface. The delegate is typed by {@code S}:
 * a subclass calls its driver statement's own methods without a cast in the source (javac's
 * checkcast is one type compare, which the JIT folds into the guard it keeps for the call).
 * Not final for that reason only; the constructor is package-private, so no one else extends it.
 */
public class StatementWrapper<S extends Statement> implements Statement, TrackedStatement {
    final ConnectionWrapper conn;
    final S delegate;
    private boolean closed;

    StatementWrapper(ConnectionWrapper conn, S delegate) {
        this.conn = conn;
        this.delegate = delegate;
    }

    final ResultSet wrap(ResultSet rs) {
        return rs == null ? null : new ResultSetWrapper(conn, this, rs);
    }

    @Override
    public final void closeByPool() throws SQLException {
        closed = true;
        delegate.close();
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        try {
            conn.beforeExecute(sql);
            return wrap(delegate.executeQuery(sql));
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        try {
            conn.beforeExecute(sql);
            return delegate.executeUpdate(sql);
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    /** Closes the statement (and its result sets); a second call is a no-op. */
    @Override
    public final void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        conn.untrack(this);
        try {
            delegate.close();
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        try { return delegate.getMaxFieldSize(); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        try { delegate.setMaxFieldSize(max); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public int getMaxRows() throws SQLException {
        try { return delegate.getMaxRows(); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        try { delegate.setMaxRows(max); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        try { delegate.setEscapeProcessing(enable); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        try { return delegate.getQueryTimeout(); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        try { delegate.setQueryTimeout(seconds); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void cancel() throws SQLException {
        try { delegate.cancel(); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        try { return delegate.getWarnings(); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void clearWarnings() throws SQLException {
        try { delegate.clearWarnings(); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        try { delegate.setCursorName(name); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        try {
            conn.beforeExecute(sql);
            return delegate.execute(sql);
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        try { return wrap(delegate.getResultSet()); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public int getUpdateCount() throws SQLException {
        try { return delegate.getUpdateCount(); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        try { return delegate.getMoreResults(); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        try { delegate.setFetchDirection(direction); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        try { return delegate.getFetchDirection(); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        try { delegate.setFetchSize(rows); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public int getFetchSize() throws SQLException {
        try { return delegate.getFetchSize(); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        try { return delegate.getResultSetConcurrency(); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public int getResultSetType() throws SQLException {
        try { return delegate.getResultSetType(); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        try {
            conn.onSql(sql);
            delegate.addBatch(sql);
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public void clearBatch() throws SQLException {
        try { delegate.clearBatch(); } catch (SQLException e) { throw conn.onError(e); }
    }

    /** The batch's SQL went through the hook at {@code addBatch}; a prepared statement overrides this. */
    @Override
    public int[] executeBatch() throws SQLException {
        try {
            conn.beforeExecute(null);
            return delegate.executeBatch();
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return conn;
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        try { return delegate.getMoreResults(current); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        try { return wrap(delegate.getGeneratedKeys()); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        try {
            conn.beforeExecute(sql);
            return delegate.executeUpdate(sql, autoGeneratedKeys);
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        try {
            conn.beforeExecute(sql);
            return delegate.executeUpdate(sql, columnIndexes);
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        try {
            conn.beforeExecute(sql);
            return delegate.executeUpdate(sql, columnNames);
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        try {
            conn.beforeExecute(sql);
            return delegate.execute(sql, autoGeneratedKeys);
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        try {
            conn.beforeExecute(sql);
            return delegate.execute(sql, columnIndexes);
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        try {
            conn.beforeExecute(sql);
            return delegate.execute(sql, columnNames);
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        try { return delegate.getResultSetHoldability(); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public boolean isClosed() throws SQLException {
        try {
            return closed || delegate.isClosed();
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        try { delegate.setPoolable(poolable); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public boolean isPoolable() throws SQLException {
        try { return delegate.isPoolable(); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        try { delegate.closeOnCompletion(); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        try { return delegate.isCloseOnCompletion(); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        try { return delegate.getLargeUpdateCount(); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        try { delegate.setLargeMaxRows(max); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        try { return delegate.getLargeMaxRows(); } catch (SQLException e) { throw conn.onError(e); }
    }

    /** As {@link #executeBatch()}. */
    @Override
    public long[] executeLargeBatch() throws SQLException {
        try {
            conn.beforeExecute(null);
            return delegate.executeLargeBatch();
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        try {
            conn.beforeExecute(sql);
            return delegate.executeLargeUpdate(sql);
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        try {
            conn.beforeExecute(sql);
            return delegate.executeLargeUpdate(sql, autoGeneratedKeys);
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        try {
            conn.beforeExecute(sql);
            return delegate.executeLargeUpdate(sql, columnIndexes);
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        try {
            conn.beforeExecute(sql);
            return delegate.executeLargeUpdate(sql, columnNames);
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public String enquoteLiteral(String val) throws SQLException {
        try { return delegate.enquoteLiteral(val); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public String enquoteIdentifier(String identifier, boolean alwaysQuote) throws SQLException {
        try { return delegate.enquoteIdentifier(identifier, alwaysQuote); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public boolean isSimpleIdentifier(String identifier) throws SQLException {
        try { return delegate.isSimpleIdentifier(identifier); } catch (SQLException e) { throw conn.onError(e); }
    }

    @Override
    public String enquoteNCharLiteral(String val) throws SQLException {
        try { return delegate.enquoteNCharLiteral(val); } catch (SQLException e) { throw conn.onError(e); }
    }

    // ---------------------------------------------------------------- Wrapper, Object

    /**
     * Unwraps to this wrapper, to the driver's object, or to what the driver unwraps to; the
     * driver's object leads to the driver's connection, so the connection counts as exposed.
     */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return conn.unwrapDriverObject(this, delegate, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        try {
            return iface.isInstance(this) || iface.isInstance(delegate) || delegate.isWrapperFor(iface);
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public String toString() {
        return "TidepoolStatement{" + delegate + "}";
    }
}
