package dev.tidepool.jdbc.internal;

import dev.tidepool.jdbc.PgBouncerMode;
import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.internal.diagnosis.SqlText;
import dev.tidepool.jdbc.internal.diagnosis.StackReducer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * What one pool does about PgBouncer ({@code pgbouncer} key, {@link PgBouncerMode}): it resolves the
 * mode (told, or detected on the first connection), sets pgjdbc's {@code prepareThreshold=0} in
 * transaction mode unless the configuration sets it, and warns about session-scoped SQL.
 *
 * <p>Detection: PgBouncer answers the client's startup itself and hands out a backend key of its
 * own (a random pid and secret, so that it can route cancel requests), while
 * {@code pg_backend_pid()} runs on the server: through PgBouncer (or any other pooler that does
 * the same, e.g. Odyssey or pgcat) the two differ, directly to PostgreSQL they are equal. The
 * reported parameters are no signal: PgBouncer replays the server's ParameterStatus messages, and
 * {@code SHOW VERSION} answers "PgBouncer ..." only on its admin console. The pool mode cannot be
 * seen from a client connection, so a detected pooler is treated as transaction mode, the mode in
 * which session state breaks; {@code pgbouncer=session} says otherwise.
 */
final class TransactionPooling {
    private static final System.Logger LOG = System.getLogger("dev.tidepool.jdbc");
    private static final String THRESHOLD = "prepareThreshold";
    /** SQLState of a function the server does not have (pg_backend_pid on some PostgreSQL-compatible servers). */
    private static final String UNDEFINED_FUNCTION = "42883";
    private static final Pattern THRESHOLD_IN_URL = Pattern.compile("(?i)[?&]" + THRESHOLD + "=");
    /** Distinct statements warned about, at most; the rest are counted only. */
    static final int MAX_WARNED = 100;

    private final String poolName;
    private final String shownUrl;
    private final boolean pgjdbc;
    private final boolean thresholdConfigured;
    private final Properties connectProperties;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean thresholdLogged = new AtomicBoolean();
    private final AtomicBoolean isolationWarned = new AtomicBoolean();
    private final boolean isolationConfigured;
    /** TRANSACTION, SESSION or OFF once known; AUTO until the first connection says. */
    private volatile PgBouncerMode mode;

    /** @param connectProperties the factory's connect properties: {@code prepareThreshold} is added there */
    TransactionPooling(TidepoolConfig config, ConnectionSource source, Properties connectProperties) {
        this.poolName = config.poolName();
        this.shownUrl = source.describe();
        this.pgjdbc = source.typeName().startsWith("org.postgresql.");
        this.thresholdConfigured = config.driverProperties().containsKey(THRESHOLD)
                || THRESHOLD_IN_URL.matcher(source.setupUrl()).find();
        this.connectProperties = connectProperties;
        this.isolationConfigured = config.transactionIsolation() != null;
        PgBouncerMode configured = config.pgbouncer();
        this.mode = !pgjdbc ? PgBouncerMode.OFF : configured;
        if (mode == PgBouncerMode.TRANSACTION) {
            turnThresholdOff();
            warnConfiguredIsolation();
        }
    }

    /** Whether connections go through a transaction-mode PgBouncer (false while not yet known). */
    boolean transactionMode() {
        return mode == PgBouncerMode.TRANSACTION;
    }

    /**
     * On every new connection, before the pool lends it: in auto mode each connection opened before
     * the answer is known probes (the pool opens several at once); in transaction mode each gets
     * prepareThreshold=0, also those opened before the property was set.
     */
    void onConnect(Connection c) throws SQLException {
        if (mode == PgBouncerMode.AUTO) {
            detect(c);
        }
        if (mode == PgBouncerMode.TRANSACTION && !thresholdConfigured) {
            invoke(c, "setPrepareThreshold", 0);
        }
    }

    private void detect(Connection c) throws SQLException {
        Integer keyPid = backendKeyPid(c);
        int serverPid;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            serverPid = rs.getInt(1);
        } catch (SQLException e) {
            if (!UNDEFINED_FUNCTION.equals(e.getSQLState())) {
                throw e; // a broken connection: this create fails, the next one probes again
            }
            serverPid = keyPid == null ? 0 : keyPid; // a PostgreSQL-compatible server without it: no pooler to see
        } finally {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        }
        int server = serverPid;
        boolean pooler = keyPid != null && keyPid != server;
        synchronized (this) {
            if (mode != PgBouncerMode.AUTO) {
                return;
            }
            mode = pooler ? PgBouncerMode.TRANSACTION : PgBouncerMode.OFF;
        }
        if (pooler) {
            LOG.log(System.Logger.Level.INFO, () -> poolName + " - " + shownUrl + " is a connection pooler such as "
                    + "PgBouncer (the server's pg_backend_pid() " + server + " is not the backend key " + keyPid
                    + " the connection got): treating it as PgBouncer in transaction mode (pgbouncer=auto); "
                    + "set pgbouncer=session if its pool_mode is session, or pgbouncer=off");
            turnThresholdOff();
            warnConfiguredIsolation();
        }
    }

    private void warnConfiguredIsolation() {
        if (isolationConfigured && isolationWarned.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, () -> poolName + " - transactionIsolation is set, but behind PgBouncer in "
                    + "transaction mode pgjdbc's setTransactionIsolation is a session-level SET (SET SESSION "
                    + "CHARACTERISTICS) on whichever server connection PgBouncer lends: transactions may run at the "
                    + "server's default level. Set it on the role (ALTER ROLE ... SET default_transaction_isolation) "
                    + "or per transaction (SET TRANSACTION ISOLATION LEVEL ...), and unset transactionIsolation");
        }
    }

    /** A borrower called setTransactionIsolation in transaction mode: warns once per pool, naming the code. */
    void isolationChanged() {
        if (isolationWarned.compareAndSet(false, true)) {
            String where = StackReducer.DEFAULT.describe(Thread.currentThread().getStackTrace(), 3);
            LOG.log(System.Logger.Level.WARNING, () -> poolName + " - setTransactionIsolation through PgBouncer in "
                    + "transaction mode at " + where + ": pgjdbc sends a session-level SET (SET SESSION CHARACTERISTICS) "
                    + "to whichever server connection PgBouncer lends, so the next transaction may run at another "
                    + "level and another client's at this one. Fix: SET TRANSACTION ISOLATION LEVEL ... as the "
                    + "transaction's first statement, or the role's default_transaction_isolation");
        }
    }

    /** prepareThreshold=0 for the connections to come, unless configured; true when it was set. */
    private boolean turnThresholdOff() {
        if (thresholdConfigured) {
            if (thresholdLogged.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.INFO, () -> poolName + " - PgBouncer in transaction mode: pgjdbc's "
                        + THRESHOLD + " is kept as configured; server-side prepared statements fail through "
                        + "PgBouncer before 1.21 in transaction mode unless it is 0");
            }
            return false;
        }
        connectProperties.setProperty(THRESHOLD, "0");
        if (thresholdLogged.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.INFO, () -> poolName + " - PgBouncer in transaction mode: pgjdbc's "
                    + THRESHOLD + " set to 0, so statements are not prepared on a server connection the next "
                    + "transaction may not get (set driver." + THRESHOLD + " to choose otherwise)");
        }
        return true;
    }

    /**
     * Called with SQL that {@link SessionStateDetector} flagged, on the borrowing thread: warns once
     * per statement (literals masked) when its effect outlives the transaction, naming the code.
     *
     * @return whether the SQL is session-scoped; false lets the caller treat it as harmless
     */
    boolean checkSessionScoped(String sql) {
        SessionScopedSql.Kind kind = SessionScopedSql.of(sql);
        if (kind == null) {
            return false;
        }
        String shown = SqlText.shown(sql);
        if (warned.size() < MAX_WARNED && warned.add(shown)) {
            String where = StackReducer.DEFAULT.describe(Thread.currentThread().getStackTrace(), 3);
            LOG.log(System.Logger.Level.WARNING, () -> poolName + " - session-scoped SQL through PgBouncer in "
                    + "transaction mode (" + kind.what() + "): " + shown + " at " + where + ". PgBouncer lends a "
                    + "server connection for one transaction only: the next transaction may run on one without "
                    + "this state, and this one keeps it for other clients. Fix: " + kind.fix()
                    + " (or use a session-mode PgBouncer or a direct connection for this code)");
        }
        return true;
    }

    private static Integer backendKeyPid(Connection c) {
        try {
            Object pid = invoke(c, "getBackendPID");
            return pid instanceof Integer ? (Integer) pid : null;
        } catch (SQLException e) {
            return null;
        }
    }

    /** Calls a method of pgjdbc's {@code PGConnection} on {@code c}, which needs no compile-time dependency on the driver. */
    private static Object invoke(Connection c, String method, Object... args) throws SQLException {
        try {
            Class<?> type = Class.forName("org.postgresql.PGConnection", false, c.getClass().getClassLoader());
            Object pg = c.unwrap(type);
            Class<?>[] types = new Class<?>[args.length];
            for (int i = 0; i < args.length; i++) {
                types[i] = args[i] instanceof Integer ? int.class : args[i].getClass();
            }
            return type.getMethod(method, types).invoke(pg, args);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new SQLException("cannot call pgjdbc's PGConnection." + method + ": " + e, e);
        }
    }
}
