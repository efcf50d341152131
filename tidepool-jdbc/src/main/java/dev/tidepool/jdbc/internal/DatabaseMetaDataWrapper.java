package dev.tidepool.jdbc.internal;

import java.sql.*;

/**
 * The {@link DatabaseMetaData} a borrower gets: delegates every call while the connection is open
 * (after close it fails like the connection), passes errors through the
 * connection's classifier, returns the connection wrapper from {@code getConnection()} and wraps
 * the result sets it returns. The delegation is generated at build time
 * ({@code DatabaseMetaDataDelegation}, by tools/): this class holds only what the pool adds.
 */
public final class DatabaseMetaDataWrapper extends DatabaseMetaDataDelegation {
    private final ConnectionWrapper conn;
    private final DatabaseMetaData delegate;

    DatabaseMetaDataWrapper(ConnectionWrapper conn, DatabaseMetaData delegate) {
        this.conn = conn;
        this.delegate = delegate;
    }

    /**
     * The driver's metadata while the connection is the borrower's. After {@code close()} the
     * physical connection may already serve another borrower (metadata queries run on its session,
     * on PostgreSQL inside its transaction), so every call then fails as the closed connection does.
     */
    @Override
    DatabaseMetaData delegate() throws SQLException {
        conn.checkOpen();
        return delegate;
    }

    @Override
    SQLException onError(SQLException e) {
        return conn.onError(e);
    }

    @Override
    ResultSet wrap(ResultSet rs) {
        return rs == null ? null : new ResultSetWrapper(conn, null, rs);
    }

    @Override
    public int getDriverMajorVersion() {
        return delegate.getDriverMajorVersion(); // no server call, and no way to throw SQLException
    }

    @Override
    public int getDriverMinorVersion() {
        return delegate.getDriverMinorVersion();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return conn;
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
            return iface.isInstance(this) || iface.isInstance(delegate) || delegate().isWrapperFor(iface);
        } catch (SQLException e) {
            throw conn.onError(e);
        }
    }

    @Override
    public String toString() {
        return "TidepoolDatabaseMetaData{" + delegate + "}";
    }
}
