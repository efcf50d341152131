package dev.tidepool.testkit;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A physical connection of a {@link StubDatabase}. It records every session attribute, counts
 * the calls a pool makes on it ({@link #count(Call)}), knows whether a transaction is open, and
 * tracks its open statements. {@link #kill()} simulates a broken network: afterwards every call
 * fails with SQLState 08006 and {@code isValid} answers false ({@code close}, {@code abort} and
 * {@code isClosed} still work, as with real drivers).
 *
 * <p>Fast path: calls allocate nothing but the objects they return, take no lock and log nothing.
 *
 * <p>Why this class is over 400 lines: it implements what a pool touches of {@code Connection}
 * (every session attribute, every statement-making overload, the transaction calls) with the
 * bookkeeping tests assert on; the rest of the interface is {@link ConnectionDefaults}.
 */
public final class StubConnection implements ConnectionDefaults {

    /** The calls that are counted. */
    public enum Call {
        COMMIT, ROLLBACK, SET_AUTO_COMMIT, SET_TRANSACTION_ISOLATION, SET_READ_ONLY, SET_CATALOG, SET_SCHEMA,
        SET_NETWORK_TIMEOUT, SET_HOLDABILITY, SET_CLIENT_INFO, CLEAR_WARNINGS, IS_VALID, EXECUTE,
        CREATE_STATEMENT, PREPARE_STATEMENT, PREPARE_CALL, CLOSE, ABORT, BEGIN_REQUEST, END_REQUEST
    }

    private static final Call[] CALLS = Call.values();

    private final StubDatabase db;
    private final String user;
    private final AtomicIntegerArray counts = new AtomicIntegerArray(CALLS.length);
    private final Set<StubStatement> statements = ConcurrentHashMap.newKeySet();
    private final Map<String, String> clientInfo = new ConcurrentHashMap<>();
    private final AtomicReference<SQLException> nextExecuteFailure = new AtomicReference<>();
    private volatile boolean closed;
    private volatile boolean killed;
    private volatile boolean inTransaction;
    private volatile boolean autoCommit = true;
    private volatile int transactionIsolation = TRANSACTION_READ_COMMITTED;
    private volatile boolean readOnly;
    private volatile String catalog;
    private volatile String schema = "public";
    private volatile int networkTimeoutMillis;
    private volatile int holdability = ResultSet.HOLD_CURSORS_OVER_COMMIT;
    private volatile SQLWarning warnings;

    StubConnection(StubDatabase db, String user) {
        this.db = db;
        this.user = user;
        this.catalog = db.name();
    }

    // ---- test view -------------------------------------------------------------------------

    public StubDatabase database() {
        return db;
    }

    /** The user this connection logged in as (the {@code user} property), or null. */
    public String user() {
        return user;
    }

    /** How often the pool made {@code call} on this connection; throws while the database does not count. */
    public int count(Call call) {
        if (!db.countsCalls()) {
            throw new IllegalStateException("call counting is off for " + db.name() + ": StubDatabase.countCalls(false)");
        }
        return counts.get(call.ordinal());
    }

    private void called(Call call) {
        if (db.countsCalls()) {
            counts.incrementAndGet(call.ordinal());
        }
    }

    public int commitCount() {
        return count(Call.COMMIT);
    }

    public int rollbackCount() {
        return count(Call.ROLLBACK);
    }

    public int setAutoCommitCount() {
        return count(Call.SET_AUTO_COMMIT);
    }

    public int clearWarningsCount() {
        return count(Call.CLEAR_WARNINGS);
    }

    public int isValidCount() {
        return count(Call.IS_VALID);
    }

    public int executeCount() {
        return count(Call.EXECUTE);
    }

    public int closeCount() {
        return count(Call.CLOSE);
    }

    /** True after an execute with auto-commit off, until commit, rollback or auto-commit on. */
    public boolean inTransaction() {
        return inTransaction;
    }

    public boolean isKilled() {
        return killed;
    }

    /** A snapshot of the statements not yet closed. */
    public List<StubStatement> openStatements() {
        requireTracking();
        return List.copyOf(statements);
    }

    public int openStatementCount() {
        requireTracking();
        return statements.size();
    }

    private void requireTracking() {
        if (!db.tracksStatements()) {
            throw new IllegalStateException("statement tracking is off for " + db
                    + " (StubDatabase.trackStatements(false)): open statements are not counted");
        }
    }

    /** The next execute on this connection throws {@code failure}; a class-08 SQLState also kills the connection. */
    public void failNextExecute(SQLException failure) {
        nextExecuteFailure.set(failure);
    }

    /** Adds a warning, as a server notice would; {@link #clearWarnings()} removes it. */
    public void addWarning(SQLWarning warning) {
        SQLWarning head = warnings;
        if (head == null) {
            warnings = warning;
        } else {
            head.setNextWarning(warning);
        }
    }

    /** Breaks the connection: every later call fails with SQLState 08006 and {@code isValid} answers false. */
    public void kill() {
        killed = true;
    }

    // ---- lifecycle -------------------------------------------------------------------------

    @Override
    public void close() {
        called(Call.CLOSE);
        if (closed) {
            return;
        }
        closed = true;
        for (StubStatement statement : statements) {
            statement.closeQuietly();
        }
        db.closed(this);
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw new SQLException("abort needs an executor");
        }
        called(Call.ABORT);
        killed = true;
        close();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isValid(int timeoutSeconds) throws SQLException {
        if (timeoutSeconds < 0) {
            throw new SQLException("isValid timeout must be >= 0: " + timeoutSeconds);
        }
        called(Call.IS_VALID);
        if (closed || killed) {
            return false;
        }
        boolean timedOut = JdbcStubs.simulateLatency(db.validationLatencyNanos(), TimeUnit.SECONDS.toNanos(timeoutSeconds));
        return !timedOut && !killed && !closed && db.validationResult();
    }

    @Override
    public void beginRequest() throws SQLException {
        checkOpen();
        called(Call.BEGIN_REQUEST);
    }

    @Override
    public void endRequest() throws SQLException {
        checkOpen();
        called(Call.END_REQUEST);
    }

    // ---- transactions ----------------------------------------------------------------------

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        called(Call.SET_AUTO_COMMIT);
        if (autoCommit && !this.autoCommit) {
            inTransaction = false; // JDBC: switching auto-commit on commits the open transaction
        }
        this.autoCommit = autoCommit;
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        called(Call.COMMIT);
        inTransaction = false;
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        called(Call.ROLLBACK);
        inTransaction = false;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        if (level != TRANSACTION_READ_UNCOMMITTED && level != TRANSACTION_READ_COMMITTED
                && level != TRANSACTION_REPEATABLE_READ && level != TRANSACTION_SERIALIZABLE) {
            throw new SQLException("invalid transaction isolation level: " + level);
        }
        called(Call.SET_TRANSACTION_ISOLATION);
        transactionIsolation = level;
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        return transactionIsolation;
    }

    // ---- session attributes ----------------------------------------------------------------

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        called(Call.SET_READ_ONLY);
        this.readOnly = readOnly;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return readOnly;
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen();
        called(Call.SET_CATALOG);
        this.catalog = catalog;
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        return catalog;
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen();
        called(Call.SET_SCHEMA);
        this.schema = schema;
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        return schema;
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        if (milliseconds < 0) {
            throw new SQLException("network timeout must be >= 0: " + milliseconds);
        }
        called(Call.SET_NETWORK_TIMEOUT);
        networkTimeoutMillis = milliseconds;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return networkTimeoutMillis;
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen();
        if (holdability != ResultSet.HOLD_CURSORS_OVER_COMMIT && holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT) {
            throw new SQLException("invalid holdability: " + holdability);
        }
        called(Call.SET_HOLDABILITY);
        this.holdability = holdability;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return holdability;
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (closed || killed) {
            throw new SQLClientInfoException("connection is closed or broken", JdbcStubs.CONNECTION_FAILURE, 0, Map.of());
        }
        called(Call.SET_CLIENT_INFO);
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.put(name, value);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        if (closed || killed) {
            throw new SQLClientInfoException("connection is closed or broken", JdbcStubs.CONNECTION_FAILURE, 0, Map.of());
        }
        called(Call.SET_CLIENT_INFO);
        clientInfo.clear();
        properties.forEach((k, v) -> clientInfo.put(k.toString(), v.toString()));
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        return clientInfo.get(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        Properties copy = new Properties();
        copy.putAll(clientInfo);
        return copy;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return warnings;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        called(Call.CLEAR_WARNINGS);
        warnings = null;
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return new StubDatabaseMetaData(this);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        checkOpen();
        return sql;
    }

    // ---- statements ------------------------------------------------------------------------

    @Override
    public Statement createStatement() throws SQLException {
        return createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, holdability);
    }

    @Override
    public Statement createStatement(int type, int concurrency) throws SQLException {
        return createStatement(type, concurrency, holdability);
    }

    @Override
    public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
        checkOpen();
        called(Call.CREATE_STATEMENT);
        return register(new StubStatement(this, type, concurrency, holdability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, holdability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
        return prepareStatement(sql, type, concurrency, holdability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability)
            throws SQLException {
        checkOpen();
        called(Call.PREPARE_STATEMENT);
        return register(new StubPreparedStatement(this, sql, type, concurrency, holdability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return prepareCall(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, holdability);
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
        return prepareCall(sql, type, concurrency, holdability);
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability) throws SQLException {
        checkOpen();
        called(Call.PREPARE_CALL);
        return register(new StubCallableStatement(this, sql, type, concurrency, holdability));
    }

    @Override
    public String toString() {
        return "StubConnection[" + db.name() + (closed ? ", closed" : "") + (killed ? ", killed" : "")
                + (inTransaction ? ", in transaction" : "") + "]";
    }

    // ---- for statements --------------------------------------------------------------------

    private <S extends StubStatement> S register(S statement) {
        if (db.tracksStatements()) {
            statements.add(statement);
        }
        return statement;
    }

    void statementClosed(StubStatement statement) {
        // Not registered when tracking is off: removing it anyway computed the statement's identity
        // hash on every close, a tenth of the benchmarks' StatementCycle at 32 threads (profiled).
        if (db.tracksStatements()) {
            statements.remove(statement);
        }
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw JdbcStubs.closed("connection");
        }
        if (killed) {
            throw JdbcStubs.killed();
        }
    }

    /** Runs the scripted part of an execute: failure, latency and timeouts, then the transaction flag. */
    void beforeExecute(int queryTimeoutSeconds) throws SQLException {
        checkOpen();
        called(Call.EXECUTE);
        SQLException failure = nextExecuteFailure.getAndSet(null);
        if (failure != null) {
            String state = failure.getSQLState();
            if (state != null && state.startsWith("08")) {
                killed = true;
            }
            throw failure;
        }
        long latency = db.queryLatencyNanos();
        if (latency > 0) {
            simulateQueryLatency(latency, queryTimeoutSeconds);
        }
        if (!autoCommit) {
            inTransaction = true;
        }
    }

    private void simulateQueryLatency(long latency, int queryTimeoutSeconds) throws SQLException {
        long queryTimeout = TimeUnit.SECONDS.toNanos(queryTimeoutSeconds);
        long networkTimeout = TimeUnit.MILLISECONDS.toNanos(networkTimeoutMillis);
        boolean networkFirst = networkTimeout > 0 && (queryTimeout == 0 || networkTimeout <= queryTimeout);
        long timeout = networkFirst ? networkTimeout : queryTimeout;
        if (JdbcStubs.simulateLatency(latency, timeout)) {
            if (networkFirst) {
                killed = true; // like real drivers, a socket timeout leaves the connection unusable
                throw new SQLException("stub query exceeded the network timeout of " + networkTimeoutMillis + " ms",
                        JdbcStubs.CONNECTION_FAILURE);
            }
            throw new SQLTimeoutException("stub query exceeded the query timeout of " + queryTimeoutSeconds + " s",
                    "57014");
        }
    }
}
