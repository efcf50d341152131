package dev.tidepool.jdbc.internal;

import dev.tidepool.core.DestroyReason;
import dev.tidepool.core.PoolEntry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.sql.*;

/**
 * The {@link Connection} a borrower gets: the only object {@code getConnection()} allocates. It
 * holds the pool's {@link PoolEntry} and delegates every call to the driver's connection, and:
 * <ul>
 * <li>passes every {@link SQLException} through the dead-connection classifier ({@link #onError}),</li>
 * <li>sends every SQL text through one hook ({@link #onSql}) and touches the entry on execute,
 *     commit and rollback,</li>
 * <li>wraps the statements and metadata it hands out, and tracks open statements,</li>
 * <li>sets a dirty bit for each session attribute a borrower changes, so the reset on return
 *     restores only those,</li>
 * <li>on {@link #close()} switches to the pool's {@link ClosedConnection} and returns the entry:
 *     a second close is a no-op, and a kept reference can never reach the re-lent connection.</li>
 * </ul>
 * The methods that do none of this are the delegation generated at build time
 * ({@code ConnectionDelegation}, by tools/); this class holds only what the pool adds.
 *
 * <p>Why this class is over 400 lines: every method left here does pool work, and
 * {@code Connection} has many that must: twelve statement-making overloads to wrap and track, each
 * session attribute's setter with its dirty bit, commit, rollback and savepoints to touch the
 * entry. Each is a few lines; splitting them by kind would scatter one rule (what the pool adds to
 * a call) over several files.
 */
public final class ConnectionWrapper extends ConnectionDelegation {
    private static final VarHandle POOLED;

    static {
        try {
            POOLED = MethodHandles.lookup().findVarHandle(ConnectionWrapper.class, "pooled", PooledConnection.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final PoolEntry<PooledConnection> entry;
    /** The borrowed connection; null once closed (set to null by one CAS, so only one close returns it). */
    private PooledConnection pooled;
    /** The driver's connection while open, the pool's ClosedConnection afterwards. */
    private Connection delegate;

    public ConnectionWrapper(PoolEntry<PooledConnection> entry) {
        PooledConnection p = entry.resource();
        this.entry = entry;
        this.pooled = p;
        this.delegate = p.raw;
    }

    // ---------------------------------------------------------------- hooks for the wrappers

    /** What the generated delegation calls: the driver's connection, or ClosedConnection once closed. */
    @Override
    Connection delegate() {
        return delegate;
    }

    /**
     * Classifies {@code e}: a dead connection is marked for destruction on return. Returns {@code e},
     * or, when the pool closed this connection under its borrower, the pool's own message with
     * {@code e} as the cause: the driver's "object is already closed" does not say who closed it.
     */
    @Override
    SQLException onError(SQLException e) {
        PooledConnection p = pooled;
        if (p != null) {
            if (p.isRevoked()) {
                return ClosedConnection.closedByPool(entry.poolName(), e);
            }
            p.onError(e);
        }
        return e;
    }

    /** {@link #onError(SQLException)} for the two methods that may throw only this type. */
    @Override
    SQLClientInfoException onError(SQLClientInfoException e) {
        PooledConnection p = pooled;
        if (p != null) {
            if (p.isRevoked()) {
                SQLException closed = ClosedConnection.closedByPool(entry.poolName(), e);
                return new SQLClientInfoException(closed.getMessage(), closed.getSQLState(), 0,
                        e.getFailedProperties(), e);
            }
            p.onError(e);
        }
        return e;
    }

    /** The one hook every SQL text passes through (null when the statement's SQL is already known). */
    void onSql(String sql) {
        PooledConnection p = pooled;
        if (p != null) {
            p.onSql(sql);
        }
    }

    /** Before an execute: the SQL hook, and activity for holder tracking (the coarse clock: no clock read). */
    void beforeExecute(String sql) throws SQLException {
        live().onSql(sql);
        entry.touch();
    }

    <S extends TrackedStatement> S track(S statement) {
        PooledConnection p = pooled;
        return p != null ? p.track(statement) : statement;
    }

    void untrack(TrackedStatement statement) {
        PooledConnection p = pooled;
        if (p != null) {
            p.untrack(statement);
        }
    }

    /** Throws what a closed connection throws, once this wrapper is closed. */
    void checkOpen() throws SQLException {
        live();
    }

    private PooledConnection live() throws SQLException {
        PooledConnection p = pooled;
        if (p == null) {
            throw ClosedConnection.closed(entry.poolName());
        }
        return p;
    }

    private void markDirty(int attribute) throws SQLException {
        live().dirty |= attribute;
    }

    /** Takes the connection away from this wrapper, once; null when it was already closed. */
    private PooledConnection take() {
        PooledConnection p = pooled;
        if (p == null || !POOLED.compareAndSet(this, p, null)) {
            return null;
        }
        delegate = p.factory.closedConnection();
        return p;
    }

    // ---------------------------------------------------------------- Connection

    @Override
    public Statement createStatement() throws SQLException {
        try { return track(new StatementWrapper<>(this, delegate.createStatement())); } catch (SQLException e) { throw onError(e); }
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        try {
            onSql(sql);
            return track(new PreparedStatementWrapper<>(this, delegate.prepareStatement(sql), sql));
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        try {
            onSql(sql);
            return track(new CallableStatementWrapper(this, delegate.prepareCall(sql), sql));
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        PooledConnection p = live();
        p.dirty |= PooledConnection.AUTO_COMMIT;
        try {
            delegate.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            throw onError(e);
        }
        if (autoCommit) {
            p.inTransaction = false; // switching auto-commit on commits
        }
        p.autoCommit = autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        PooledConnection p = live();
        entry.touch();
        try {
            delegate.commit();
        } catch (SQLException e) {
            throw onError(e);
        }
        p.inTransaction = false;
    }

    @Override
    public void rollback() throws SQLException {
        PooledConnection p = live();
        entry.touch();
        try {
            delegate.rollback();
        } catch (SQLException e) {
            throw onError(e);
        }
        p.inTransaction = false;
    }

    /** Returns the connection to the pool (which resets it on this thread); a second call is a no-op. */
    @Override
    public void close() {
        if (take() != null) {
            entry.release();
        }
        // Reachable until the entry's return hook ran: leak tracking must not see it dropped mid-close.
        java.lang.ref.Reference.reachabilityFence(this);
    }

    @Override
    public boolean isClosed() {
        PooledConnection p = pooled;
        return p == null || p.isRevoked();
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        try {
            onSql(null); // some drivers (PostgreSQL) run metadata queries inside the borrower's transaction
            return new DatabaseMetaDataWrapper(this, delegate.getMetaData());
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        try {
            markDirty(PooledConnection.READ_ONLY);
            delegate.setReadOnly(readOnly);
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        try {
            markDirty(PooledConnection.CATALOG);
            delegate.setCatalog(catalog);
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        try {
            PooledConnection p = live();
            p.dirty |= PooledConnection.TRANSACTION_ISOLATION;
            p.onIsolationChange();
            delegate.setTransactionIsolation(level);
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        try { return track(new StatementWrapper<>(this, delegate.createStatement(resultSetType, resultSetConcurrency))); } catch (SQLException e) { throw onError(e); }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        try {
            onSql(sql);
            return track(new PreparedStatementWrapper<>(this, delegate.prepareStatement(sql, resultSetType, resultSetConcurrency), sql));
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        try {
            onSql(sql);
            return track(new CallableStatementWrapper(this, delegate.prepareCall(sql, resultSetType, resultSetConcurrency), sql));
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        try {
            markDirty(PooledConnection.HOLDABILITY);
            delegate.setHoldability(holdability);
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        try {
            onSql(null); // a savepoint lives in a transaction
            return delegate.setSavepoint();
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        try {
            onSql(null); // a savepoint lives in a transaction
            return delegate.setSavepoint(name);
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        try {
            live();
            entry.touch();
            delegate.rollback(savepoint);
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        try { return track(new StatementWrapper<>(this, delegate.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability))); } catch (SQLException e) { throw onError(e); }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        try {
            onSql(sql);
            return track(new PreparedStatementWrapper<>(this, delegate.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability), sql));
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        try {
            onSql(sql);
            return track(new CallableStatementWrapper(this, delegate.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability), sql));
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        try {
            onSql(sql);
            return track(new PreparedStatementWrapper<>(this, delegate.prepareStatement(sql, autoGeneratedKeys), sql));
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        try {
            onSql(sql);
            return track(new PreparedStatementWrapper<>(this, delegate.prepareStatement(sql, columnIndexes), sql));
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        try {
            onSql(sql);
            return track(new PreparedStatementWrapper<>(this, delegate.prepareStatement(sql, columnNames), sql));
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        try {
            markDirty(PooledConnection.SCHEMA);
            delegate.setSchema(schema);
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    /** Aborts the physical connection and destroys it instead of returning it. */
    @Override
    public void abort(Executor executor) throws SQLException {
        PooledConnection p = take();
        if (p == null) {
            return;
        }
        p.markDead();
        try {
            p.raw.abort(executor);
        } finally {
            entry.invalidate(DestroyReason.BROKEN);
            java.lang.ref.Reference.reachabilityFence(this); // as in close()
        }
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        try {
            markDirty(PooledConnection.NETWORK_TIMEOUT);
            delegate.setNetworkTimeout(executor, milliseconds);
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    // ---------------------------------------------------------------- Wrapper, Object

    /**
     * Unwraps to this wrapper or to the driver's connection (or what the driver unwraps to). The
     * pool then can no longer see every change, so the return checks the whole session.
     */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return unwrapDriverObject(this, delegate, iface);
    }

    /**
     * Unwrap for this connection's wrappers: {@code wrapper} itself, or the driver's object behind
     * it (or what the driver unwraps to). A driver's statement, result set or metadata leads to the
     * driver's connection ({@code getConnection()}, {@code getStatement()}), so unwrapping any of
     * them exposes the session just as unwrapping the connection does: the return checks the whole
     * session and, with {@code sessionReset=auto}, resets it.
     */
    <T> T unwrapDriverObject(java.sql.Wrapper wrapper, java.sql.Wrapper driverObject, Class<T> iface)
            throws SQLException {
        if (iface.isInstance(wrapper)) {
            return iface.cast(wrapper);
        }
        try {
            PooledConnection p = live();
            T unwrapped = iface.isInstance(driverObject) ? iface.cast(driverObject) : driverObject.unwrap(iface);
            p.exposed = true;
            p.inTransaction = true; // let the return check for an open transaction on the driver itself
            return unwrapped;
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return true;
        }
        try {
            Connection raw = delegate;
            return iface.isInstance(raw) || raw.isWrapperFor(iface);
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    /** Names the pool and the driver's class, never the URL or the credentials. */
    @Override
    public String toString() {
        PooledConnection p = pooled;
        return p == null ? "TidepoolConnection{" + entry.poolName() + ", closed}"
                : "TidepoolConnection{" + entry.poolName() + ", " + p.raw.getClass().getName() + "@"
                + Integer.toHexString(System.identityHashCode(p.raw)) + "}";
    }
}
