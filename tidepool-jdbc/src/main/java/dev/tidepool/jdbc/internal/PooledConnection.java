package dev.tidepool.jdbc.internal;

import dev.tidepool.jdbc.SessionReset;
import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.internal.cluster.Placement;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * One physical connection and what the pool knows about its session: the defaults to restore,
 * what the current borrower changed (dirty bits), whether a transaction is open, the statements
 * left open, the last SQL, and whether an error said the connection is dead.
 *
 * <p>Threading: the borrower's fields are plain fields written by the borrowing thread (through
 * its {@link ConnectionWrapper}); the pool reads them on the same thread when the connection is
 * returned ({@link #reset()} runs on the returning thread). Diagnosis snapshots from other threads
 * may read slightly stale values, which is fine for them.
 */
public final class PooledConnection {
    static final int AUTO_COMMIT = 1;
    static final int TRANSACTION_ISOLATION = 1 << 1;
    static final int READ_ONLY = 1 << 2;
    static final int CATALOG = 1 << 3;
    static final int SCHEMA = 1 << 4;
    static final int HOLDABILITY = 1 << 5;
    static final int NETWORK_TIMEOUT = 1 << 6;
    static final int ALL = (1 << 7) - 1;

    final Connection raw;
    final ConnectionFactory factory;
    final SessionDefaults defaults;
    /** The host it was opened to, in a pool over several hosts; null otherwise. Set once, before it is lent. */
    Placement placement;

    // The current borrower's session, as far as the wrappers saw it.
    boolean autoCommit;
    int dirty;
    boolean inTransaction;
    /** The borrower unwrapped the driver's connection: the wrappers may not have seen everything. */
    boolean exposed;
    String lastSql;
    /** The borrower sent SQL that may have changed session state (see {@link SessionStateDetector}). */
    boolean sessionChanged;
    /**
     * The last SQL object the detector found harmless. Kept across borrows (unlike lastSql), so an
     * application's constant SQL strings are scanned once per connection, not once per borrow.
     */
    private String lastHarmlessSql;
    private volatile boolean dead;
    /** The pool closed while this connection was borrowed (see {@link #revoke()}). */
    private volatile boolean revoked;
    /** sessionReset=auto, or PgBouncer in transaction mode: scan SQL for session changes. */
    private final boolean detectSessionChanges;
    /** sessionReset=always: a full session reset on every return. */
    private final boolean alwaysResetSession;
    /** PgBouncer in transaction mode: no full reset (it would run on any server connection), warnings instead. */
    private final boolean transactionPooled;

    // Statements the borrower has open: a list reused across borrows, so tracking allocates nothing.
    private TrackedStatement[] statements = new TrackedStatement[8];
    private int statementCount;

    PooledConnection(Connection raw, ConnectionFactory factory, SessionDefaults defaults) {
        this.raw = raw;
        this.factory = factory;
        this.defaults = defaults;
        this.autoCommit = defaults.autoCommit();
        SessionReset mode = factory.sessionReset();
        this.transactionPooled = factory.transactionPooling().transactionMode();
        this.detectSessionChanges = mode == SessionReset.AUTO || transactionPooled;
        this.alwaysResetSession = mode == SessionReset.ALWAYS && !transactionPooled;
    }

    // ---------------------------------------------------------------- while borrowed

    /**
     * Every SQL text a borrower sends goes through here (prepare, execute, addBatch; null when the
     * SQL is already known, as for executeBatch). It remembers the SQL for diagnosis, notes SQL
     * that may change session state (skipped when the same SQL object comes again, as when a
     * prepared statement is executed many times or a constant SQL string in the next borrow) and notes that a transaction is open when
     * auto-commit is off.
     */
    void onSql(String sql) {
        if (sql != null && sql != lastSql) {
            lastSql = sql;
            if (detectSessionChanges && !sessionChanged && sql != lastHarmlessSql) {
                if (SessionStateDetector.changesSession(sql)
                        && (!transactionPooled || factory.transactionPooling().checkSessionScoped(sql))) {
                    sessionChanged = !transactionPooled;
                } else {
                    lastHarmlessSql = sql;
                }
            }
        }
        if (!autoCommit) {
            inTransaction = true;
        }
    }

    /** The borrower sets the isolation level: pgjdbc does it with a session-level SET, astray behind a transaction-mode PgBouncer. */
    void onIsolationChange() {
        if (transactionPooled) {
            factory.transactionPooling().isolationChanged();
        }
    }

    /** Marks this connection dead when {@code e} says so; it will be destroyed on return. */
    void onError(SQLException e) {
        if (!dead && factory.classifier().isDead(e)) {
            dead = true;
            factory.reportDead(e);
            if (placement != null) {
                factory.hostFailed(placement, e);
            }
        }
    }

    /** Whether its host was found lost since it was opened (the data source evicts such connections). */
    public boolean onLostHost() {
        Placement p = placement;
        return p != null && p.lost();
    }

    void markDead() {
        dead = true;
    }

    boolean isDead() {
        return dead;
    }

    /**
     * The pool is closing with this connection still borrowed after {@code drainTimeout}: it is
     * closed next, under its borrower, whose calls then fail with "connection is closed because
     * the pool was closed" instead of the driver's words. Called before the close. Not marked dead:
     * dead connections are aborted, and some drivers (H2, MariaDB) keep accepting calls on an
     * aborted connection, where a closed one refuses them.
     */
    public void revoke() {
        revoked = true;
    }

    boolean isRevoked() {
        return revoked;
    }

    <S extends TrackedStatement> S track(S statement) {
        TrackedStatement[] s = statements;
        int n = statementCount;
        if (n == s.length) {
            statements = s = Arrays.copyOf(s, n * 2);
        }
        s[n] = statement;
        statementCount = n + 1;
        return statement;
    }

    void untrack(TrackedStatement statement) {
        TrackedStatement[] s = statements;
        for (int i = statementCount - 1; i >= 0; i--) {
            if (s[i] == statement) {
                int last = --statementCount;
                s[i] = s[last];
                s[last] = null;
                return;
            }
        }
    }

    int openStatements() {
        return statementCount;
    }

    // ---------------------------------------------------------------- on return

    /**
     * Makes the session what the next borrower expects. Order matters: statements first, then
     * roll back (before auto-commit is restored, which would commit), then the attributes
     * (read-only only outside a transaction), then the full session reset when one is due
     * ({@code sessionReset}), then warnings. Costs nothing beyond {@code clearWarnings()} when the
     * borrower changed nothing. Throwing destroys the connection.
     */
    void reset() throws SQLException {
        if (statementCount > 0) {
            closeStatements();
        }
        if (inTransaction) {
            inTransaction = false;
            if (exposed ? !raw.getAutoCommit() : !autoCommit) {
                raw.rollback();
            }
        }
        boolean fullReset = fullResetDue();
        if (exposed) {
            restoreExposed();
        } else if (dirty != 0) {
            restoreAttributes();
        }
        if (fullReset) {
            resetSession();
        }
        sessionChanged = false;
        lastSql = null;
        raw.clearWarnings();
    }

    /**
     * Whether {@link #reset()} will talk to the server (and so must run under a network timeout):
     * false for a borrower that changed nothing, whose return costs no round trip.
     */
    boolean resetTalksToServer() {
        return inTransaction || dirty != 0 || exposed || statementCount > 0 || fullResetDue();
    }

    /** Whether the return will run the database's full session reset ({@code sessionReset}). */
    boolean fullResetDue() {
        return alwaysResetSession || detectSessionChanges && !transactionPooled && (sessionChanged || exposed);
    }

    /**
     * The database's own full reset ({@link SessionResetter}), then what the server reset undid:
     * {@code connectionInitSql} and the configured session. Attributes not configured were read from
     * the server at connect time, which is what the server reset returns to. Where the database has
     * no full reset the resetter throws and the connection is closed instead.
     */
    private void resetSession() throws SQLException {
        ConnectionFactory f = factory;
        f.resetter().reset(raw, f.poolName());
        f.runInitSql(raw);
        SessionDefaults def = defaults;
        if (raw.getAutoCommit() != def.autoCommit()) {
            raw.setAutoCommit(def.autoCommit());
        }
        autoCommit = def.autoCommit();
        TidepoolConfig config = f.config();
        if (config.transactionIsolation() != null) {
            f.resetter().resyncIsolation(raw, config.transactionIsolation());
            raw.setTransactionIsolation(config.transactionIsolation());
        }
        if (config.readOnly() != null) {
            raw.setReadOnly(config.readOnly());
        }
        String catalog = config.catalog() != null ? config.catalog() : def.catalog();
        if (catalog != null) {
            raw.setCatalog(catalog); // MariaDB keeps the database a borrower chose with USE through COM_RESET_CONNECTION
        }
        if (config.schema() != null) {
            raw.setSchema(config.schema());
        }
    }

    private void closeStatements() throws SQLException {
        SQLException failure = null;
        TrackedStatement[] s = statements;
        for (int i = statementCount - 1; i >= 0; i--) {
            try {
                s[i].closeByPool();
            } catch (SQLException e) {
                onError(e);
                failure = failure == null ? e : failure;
            }
            s[i] = null;
        }
        statementCount = 0;
        if (failure != null) {
            throw failure; // a statement that cannot be closed may hold server resources: destroy
        }
    }

    private void restoreAttributes() throws SQLException {
        int d = dirty;
        SessionDefaults def = defaults;
        if ((d & AUTO_COMMIT) != 0) {
            raw.setAutoCommit(def.autoCommit());
            autoCommit = def.autoCommit();
        }
        if ((d & READ_ONLY) != 0) {
            raw.setReadOnly(known(def.readOnly(), "readOnly"));
        }
        if ((d & TRANSACTION_ISOLATION) != 0) {
            raw.setTransactionIsolation(known(def.transactionIsolation(), "transactionIsolation"));
        }
        if ((d & CATALOG) != 0) {
            raw.setCatalog(known(def.catalog(), "catalog"));
        }
        if ((d & SCHEMA) != 0) {
            raw.setSchema(known(def.schema(), "schema"));
        }
        if ((d & HOLDABILITY) != 0) {
            raw.setHoldability(known(def.holdability(), "holdability"));
        }
        if ((d & NETWORK_TIMEOUT) != 0) {
            raw.setNetworkTimeout(ConnectionFactory.DIRECT, known(def.networkTimeout(), "networkTimeout"));
        }
        dirty = 0;
    }

    /**
     * The borrower unwrapped the driver's connection, so the dirty bits may miss changes: compare
     * every attribute the driver reports with its default and restore those that differ.
     */
    private void restoreExposed() throws SQLException {
        SessionDefaults def = defaults;
        if (raw.getAutoCommit() != def.autoCommit()) {
            raw.setAutoCommit(def.autoCommit());
        }
        autoCommit = def.autoCommit();
        if (def.readOnly() != null && raw.isReadOnly() != def.readOnly()) {
            raw.setReadOnly(def.readOnly());
        }
        if (def.transactionIsolation() != null && raw.getTransactionIsolation() != def.transactionIsolation()) {
            raw.setTransactionIsolation(def.transactionIsolation());
        }
        if (def.catalog() != null && !def.catalog().equals(raw.getCatalog())) {
            raw.setCatalog(def.catalog());
        }
        if (def.schema() != null && !def.schema().equals(raw.getSchema())) {
            raw.setSchema(def.schema());
        }
        if (def.holdability() != null && raw.getHoldability() != def.holdability()) {
            raw.setHoldability(def.holdability());
        }
        if (def.networkTimeout() != null && raw.getNetworkTimeout() != def.networkTimeout()) {
            raw.setNetworkTimeout(ConnectionFactory.DIRECT, def.networkTimeout());
        }
        dirty = 0;
        exposed = false;
    }

    private <V> V known(V value, String attribute) throws SQLException {
        if (value == null) {
            throw new SQLException(factory.poolName() + " - cannot restore " + attribute
                    + ": the driver did not report its default, so the connection is closed instead");
        }
        return value;
    }

    // ---------------------------------------------------------------- observing

    /** The user this connection logged in as, or null for the driver's default. */
    public String user() {
        return factory.user();
    }

    /** The last SQL the current borrower sent, or null. */
    public String lastSql() {
        return lastSql;
    }

    /** Whether the current borrower has a transaction open, as far as the pool saw. */
    public boolean inTransaction() {
        return inTransaction;
    }

    @Override
    public String toString() {
        return "PooledConnection{" + factory.poolName() + ", " + raw.getClass().getName()
                + (dead ? ", dead" : "") + "}";
    }
}
