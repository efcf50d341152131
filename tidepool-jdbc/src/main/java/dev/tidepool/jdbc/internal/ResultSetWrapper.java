package dev.tidepool.jdbc.internal;

import java.sql.*;

/**
 * The {@link ResultSet} a borrower gets: delegates every call to the driver's result set, passes
 * errors through the connection's classifier, and returns the statement wrapper (or null, for
 * metadata result sets) from {@code getStatement()}. Closing its statement closes it; the pool
 * does not track result sets separately. The delegation is generated at build time
 * ({@code ResultSetDelegation}, by tools/): this class holds only what the pool adds.
 */
public final class ResultSetWrapper extends ResultSetDelegation {
    private final ConnectionWrapper conn;
    /** The statement wrapper that produced this result set, or null (metadata). */
    private final Statement statement;
    private final ResultSet delegate;

    ResultSetWrapper(ConnectionWrapper conn, Statement statement, ResultSet delegate) {
        this.conn = conn;
        this.statement = statement;
        this.delegate = delegate;
    }

    @Override
    ResultSet delegate() {
        return delegate;
    }

    @Override
    SQLException onError(SQLException e) {
        return conn.onError(e);
    }

    @Override
    public Statement getStatement() throws SQLException {
        return statement;
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
        return "TidepoolResultSet{" + delegate + "}";
    }
}
