package dev.tidepool.jdbc.session;

import dev.tidepool.jdbc.SessionReset;
import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** The session tests' view of a real database: pools of one connection and plain queries. */
enum SessionDb {
    POSTGRESQL("select pg_backend_pid()") {
        @Override
        DbTarget target() {
            return TestDatabases.postgres();
        }
    },
    MARIADB("select connection_id()") {
        @Override
        DbTarget target() {
            return TestDatabases.mariadb();
        }
    };

    private static final AtomicInteger POOLS = new AtomicInteger();
    final String sessionIdSql;

    SessionDb(String sessionIdSql) {
        this.sessionIdSql = sessionIdSql;
    }

    abstract DbTarget target();

    /** The target, or the test is skipped (fails with CI=true) when the server is not there. */
    DbTarget available() {
        return TestDatabases.requireAvailable(target());
    }

    /**
     * A pool of exactly one connection, so the next borrower always gets the same physical session.
     * {@code urlParameters} are added to the URL (null: none).
     */
    TidepoolConfig.Builder onePool(SessionReset mode, String urlParameters) {
        DbTarget t = available();
        return TidepoolConfig.builder()
                .jdbcUrl(urlParameters == null ? t.url() : t.urlWith(urlParameters))
                .username(t.user()).password(t.password())
                .poolName("session-" + name().toLowerCase() + "-" + POOLS.incrementAndGet())
                .maxSize(1).minIdle(0).sessionReset(mode)
                .acquireTimeout(Duration.ofSeconds(10)).validationTimeout(Duration.ofSeconds(2))
                .drainTimeout(Duration.ofSeconds(5));
    }

    /** An unpooled connection: the independent observer. */
    Connection direct() throws SQLException {
        return available().connect();
    }

    long sessionId(Connection c) throws SQLException {
        return Long.parseLong(query(c, sessionIdSql));
    }

    static String uniqueName(String kind) {
        return "tp_sess_" + kind + "_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
    }

    /** The first column of the first row, as a string (null for SQL NULL). */
    static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError(sql + " answered no row");
            }
            return rs.getString(1);
        }
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Runs {@code sql} {@code times} times through one prepared statement; returns the last answer. */
    static int runPrepared(Connection c, String sql, int times) throws SQLException {
        int last = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < times; i++) {
                ps.setInt(1, i);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    last = rs.getInt(1);
                    if (last != i + 1) {
                        throw new AssertionError(sql + " with " + i + " answered " + last);
                    }
                }
            }
        }
        return last;
    }
}
