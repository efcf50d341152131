package dev.tidepool.jdbc.it;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.testkit.DbTarget;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real database for one test: an administrator connection, the objects a test creates in it
 * (all named {@code tp_it_<random>...} so concurrent runs never meet), and the vendor's ways of
 * asking the server what it sees. {@link #close()} drops everything created, newest first.
 *
 * <p>The subclasses differ only in SQL; the scenarios are written once, against this class.
 */
abstract class ItDatabase implements AutoCloseable {

    /** The password of every login this class creates, apart from the ones a test chooses. */
    static final String CREATED_PASSWORD = "Tp-it-" + Long.toHexString(ThreadLocalRandom.current().nextLong());

    private final String label;
    private final String prefix;
    private final AtomicInteger names = new AtomicInteger();
    private final Deque<String> cleanup = new ArrayDeque<>();
    private Connection admin;

    ItDatabase(String label) {
        this.label = label;
        this.prefix = "tp_it_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
    }

    /** Connects the administrator; call once, after the subclass is constructed. */
    final ItDatabase open() throws SQLException {
        admin = direct();
        return this;
    }

    // ---- what the subclasses say ------------------------------------------------------------

    /** Where the database is and the administrator's login. */
    abstract DbTarget target();

    /** SQL answering one number that identifies the physical session on the server. */
    abstract String sessionIdSql();

    /** SQL answering the user the session is logged in as, spelled as {@link #createLogin} returns it. */
    abstract String currentUserSql();

    /**
     * Creates a login with {@code password} that may use the test tables, and returns its name as
     * {@link #currentUserSql()} reports it. Dropped at {@link #close()}.
     */
    abstract String createLogin(String password) throws SQLException;

    /** Whether the server checks passwords (the local PostgreSQL trusts every login). */
    abstract boolean checksPasswords();

    /**
     * A pool configuration whose server sessions {@code counter} counts, and nothing else's: by
     * application name on PostgreSQL, by a login of its own ({@link #countedByLogin}) on MariaDB and H2.
     */
    abstract SessionCounter countedPool(String purpose) throws SQLException;

    /** The session attributes as the server reports them, read through {@code c}. */
    abstract Map<String, String> serverView(Connection c) throws SQLException;

    /** Open transactions of the session {@code sessionId}, as the administrator sees them. */
    abstract int openTransactions(long sessionId) throws SQLException;

    /** A catalog a borrower may switch to (MariaDB: a database), or null where catalogs don't switch. */
    String otherCatalog() throws SQLException {
        return null;
    }

    /** The catalog of a new connection, where {@link #otherCatalog()} is not null. */
    String defaultCatalog() {
        return null;
    }

    /** The schema of a new connection, where {@link #otherSchema()} is not null. */
    String defaultSchema() {
        return null;
    }

    /** A schema a borrower may switch to, or null where schemas don't switch (MariaDB). */
    String otherSchema() throws SQLException {
        return null;
    }

    // ---- common to all ----------------------------------------------------------------------

    @Override
    public final String toString() {
        return label;
    }

    final String url() {
        return target().url();
    }

    final String adminUser() {
        return target().user();
    }

    final String adminPassword() {
        return target().password();
    }

    /** A pool configuration for the administrator, with bounds that suit a test. */
    final TidepoolConfig.Builder pool(String purpose) {
        return TidepoolConfig.builder()
                .jdbcUrl(url())
                .username(adminUser())
                .password(adminPassword())
                .poolName("it-" + purpose + "-" + label)
                .acquireTimeout(Duration.ofSeconds(15))
                .drainTimeout(Duration.ofSeconds(5));
    }

    /** A new unpooled connection as the administrator: the "independent" observer of a test. */
    final Connection direct() throws SQLException {
        return DriverManager.getConnection(url(), adminUser(), adminPassword());
    }

    /** A fresh name, unique to this run, for a table, login, schema or database. */
    final String newName(String kind) {
        return prefix + "_" + kind + names.incrementAndGet();
    }

    /** Creates {@code name(id int primary key, v int)}; dropped at {@link #close()}. */
    final String createTable() throws SQLException {
        String table = newName("t");
        execute("create table " + table + " (id int primary key, v int)");
        onClose("drop table if exists " + table);
        return table;
    }

    /** Creates schema {@code name} and returns it; dropped, with what it holds, at {@link #close()}. */
    final String createSchema(String name) throws SQLException {
        execute("create schema " + name);
        onClose("drop schema if exists " + name + " cascade");
        return name;
    }

    /**
     * A {@link #countedPool} for servers that list sessions by user: the pool logs in as a login of
     * its own, and {@code countSql} counts the sessions of the user given as its one parameter.
     */
    final SessionCounter countedByLogin(String purpose, String countSql) throws SQLException {
        String user = createLogin(CREATED_PASSWORD);
        return new SessionCounter(pool(purpose).username(user).password(CREATED_PASSWORD), direct()) {
            @Override
            int count(Connection monitor) throws SQLException {
                return countSessions(monitor, countSql, user);
            }
        };
    }

    /** Runs a {@link #countedByLogin} query; a server with a quirk in its session list overrides this. */
    int countSessions(Connection monitor, String countSql, String user) throws SQLException {
        return queryInt(monitor, countSql, user);
    }

    /** Runs {@code sql} as the administrator. */
    final void execute(String sql) throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute(sql);
        }
    }

    /** Runs {@code sql} as the administrator at {@link #close()}, before what was registered earlier. */
    final void onClose(String sql) {
        cleanup.push(sql);
    }

    final Connection admin() {
        return admin;
    }

    final long sessionId(Connection c) throws SQLException {
        return queryLong(c, sessionIdSql());
    }

    final String currentUser(Connection c) throws SQLException {
        return queryString(c, currentUserSql());
    }

    static long queryLong(Connection c, String sql, Object... args) throws SQLException {
        String value = queryString(c, sql, args);
        if (value == null) {
            throw new AssertionError(sql + " answered null");
        }
        return Long.parseLong(value.trim());
    }

    static int queryInt(Connection c, String sql, Object... args) throws SQLException {
        return Math.toIntExact(queryLong(c, sql, args));
    }

    /** The first column of the only row {@code sql} answers. */
    static String queryString(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError(sql + " answered no row");
                }
                String value = rs.getString(1);
                if (rs.next()) {
                    throw new AssertionError(sql + " answered more than one row");
                }
                return value;
            }
        }
    }

    /** Drops what this run created, newest first; every step is tried, the first failure is thrown. */
    @Override
    public void close() throws SQLException {
        SQLException first = null;
        try {
            while (!cleanup.isEmpty()) {
                String sql = cleanup.pop();
                try {
                    execute(sql);
                } catch (SQLException e) {
                    if (first == null) {
                        first = new SQLException(label + ": cleanup failed: " + sql, e);
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
        } finally {
            if (admin != null) {
                admin.close();
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Counts the server sessions of one pool, through a connection of its own (the monitor thread
     * samples it while the test's thread uses the administrator).
     */
    abstract static class SessionCounter implements AutoCloseable {

        private final TidepoolConfig.Builder config;
        private final Connection monitor;

        SessionCounter(TidepoolConfig.Builder config, Connection monitor) {
            this.config = config;
            this.monitor = monitor;
        }

        /** The pool's configuration; add sizes and build. */
        final TidepoolConfig.Builder config() {
            return config;
        }

        /** Server sessions of the pool now. Call from one thread at a time. */
        final int count() throws SQLException {
            return count(monitor);
        }

        abstract int count(Connection monitor) throws SQLException;

        @Override
        public final void close() throws SQLException {
            monitor.close();
        }
    }
}
