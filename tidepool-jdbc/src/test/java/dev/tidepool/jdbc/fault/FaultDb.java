package dev.tidepool.jdbc.fault;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One real database as the fault tests see it: how the pool connects (realistic driver timeouts,
 * directly or through a proxy), how the pool's own server sessions are recognised (PostgreSQL by
 * {@code application_name}, MariaDB by a dedicated user), and the admin side: count and kill those
 * sessions, and a table whose rows say whether they were meant to be committed.
 *
 * <p>Admin work uses short-lived {@link DriverManager} connections with timeouts, so it works
 * across a server restart and never hangs a test.
 */
final class FaultDb implements AutoCloseable {
    /** The driver's bound on one query (socket read), and on connecting and logging in. */
    static final Duration QUERY_BOUND = Duration.ofSeconds(2);
    static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(2);
    static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(1);
    static final int MAX_SIZE = 8;
    static final String TABLE = "tp_fault_rows";

    final String name;
    final DbTarget target;
    final boolean postgres;
    /** PostgreSQL: the pool's application_name; MariaDB: the pool's dedicated user. */
    final String tag;

    private FaultDb(String name, DbTarget target, boolean postgres, String tag) {
        this.name = name;
        this.target = target;
        this.postgres = postgres;
        this.tag = tag;
    }

    /** The databases the parameterised fault tests run on. */
    static List<String> names() {
        return List.of("postgresql", "mariadb");
    }

    /**
     * The faults area's own PostgreSQL cluster (15/tp_soak on 5435, {@code .ci/prepare-soak.sh}):
     * the soak restarts it, which the shared 5432 cluster must never be.
     */
    static final DbTarget SOAK_CLUSTER = new DbTarget(DbTarget.POSTGRESQL, "jdbc:postgresql://127.0.0.1:5435/test",
            "postgres", "", "127.0.0.1", 5435);

    /** Opens (or skips the test when the server is down; fails when CI=true) and prepares the table and user. */
    static FaultDb open(String name, String test) throws SQLException {
        return open(name, test, TestDatabases.postgres());
    }

    /** {@link #open(String, String)} with PostgreSQL at {@code postgresTarget} (MariaDB is always the shared one). */
    static FaultDb open(String name, String test, DbTarget postgresTarget) throws SQLException {
        String tag = ("tpf_" + test + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL))
                .toLowerCase(Locale.ROOT);
        FaultDb db;
        if (name.equals("postgresql")) {
            db = new FaultDb(name, TestDatabases.requireAvailable(postgresTarget), true, tag);
            db.admin("CREATE TABLE IF NOT EXISTS " + TABLE
                    + " (id bigserial PRIMARY KEY, run text NOT NULL, committed boolean NOT NULL)");
        } else {
            db = new FaultDb(name, TestDatabases.requireAvailable(TestDatabases.mariadb()), false, tag);
            db.admin("CREATE TABLE IF NOT EXISTS " + TABLE
                    + " (id bigint AUTO_INCREMENT PRIMARY KEY, run varchar(64) NOT NULL, committed boolean NOT NULL)"
                    + " ENGINE=InnoDB");
            db.admin("CREATE USER IF NOT EXISTS '" + tag + "'@'%'");
            db.admin("GRANT ALL ON test.* TO '" + tag + "'@'%'");
        }
        return db;
    }

    /** Driver parameters: every wait of the driver is bounded (connect, login, each socket read). */
    String timeouts() {
        int s = (int) QUERY_BOUND.toSeconds();
        return postgres ? "connectTimeout=" + s + "&loginTimeout=" + s + "&socketTimeout=" + s + "&sslmode=disable"
                : "connectTimeout=" + s * 1000 + "&socketTimeout=" + s * 1000;
    }

    /** A realistic pool configuration straight to the server. */
    TidepoolConfig.Builder pool() {
        return pool(target.urlWith(timeouts()));
    }

    /** A realistic pool configuration through a proxy on {@code proxyPort}. */
    TidepoolConfig.Builder poolVia(int proxyPort) {
        return pool(target.urlVia(proxyPort, timeouts()));
    }

    /** A pool configuration to {@code url} with this database's session tag and the standard bounds. */
    TidepoolConfig.Builder pool(String url) {
        TidepoolConfig.Builder b = TidepoolConfig.builder().jdbcUrl(url).poolName("tidepool-" + tag)
                .maxSize(MAX_SIZE).acquireTimeout(ACQUIRE_TIMEOUT).validationTimeout(VALIDATION_TIMEOUT)
                .drainTimeout(Duration.ofSeconds(2));
        if (postgres) {
            return b.username(target.user()).password(target.password()).driverProperty("ApplicationName", tag);
        }
        return b.username(tag).password("");
    }

    /** The pool's sessions on the server now (MariaDB: not counting threads already killed). */
    int sessions() throws SQLException {
        String sql = postgres ? "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?"
                : "SELECT count(*) FROM information_schema.processlist WHERE user = ? AND command <> 'Killed'";
        try (Connection c = adminConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tag);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Kills every server session of the pool ({@code pg_terminate_backend} / {@code KILL CONNECTION}); returns how many. */
    int killSessions() throws SQLException {
        try (Connection c = adminConnection()) {
            if (postgres) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                + " WHERE application_name = ?) t")) {
                    ps.setString(1, tag);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getInt(1);
                    }
                }
            }
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM information_schema.processlist WHERE user = ? AND command <> 'Killed'")) {
                ps.setString(1, tag);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            int killed = 0;
            try (Statement s = c.createStatement()) {
                for (long id : ids) {
                    try {
                        s.execute("KILL CONNECTION " + id);
                        killed++;
                    } catch (SQLException e) {
                        // ended on its own meanwhile (error 1094, unknown thread id)
                    }
                }
            }
            return killed;
        }
    }

    /** Rows of {@code run} that were never meant to be committed, yet are visible: must stay 0. */
    int uncommittedRowsVisible(String run) throws SQLException {
        try (Connection c = adminConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + TABLE + " WHERE run = ? AND NOT committed")) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** True when the server answers a fresh login within about a second. */
    boolean answers() {
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    Connection adminConnection() throws SQLException {
        String t = postgres ? "connectTimeout=2&loginTimeout=2&socketTimeout=5&sslmode=disable&ApplicationName=tp-fault-admin"
                : "connectTimeout=2000&socketTimeout=5000";
        return DriverManager.getConnection(target.urlWith(t), target.user(), target.password());
    }

    void admin(String sql) throws SQLException {
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Deletes this test's rows and, on MariaDB, its user. Best effort: the server may be restarting. */
    void cleanUp(String run) {
        try {
            try (Connection c = adminConnection();
                    PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE run = ?")) {
                ps.setString(1, run);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            System.err.println("[fault] could not delete rows of " + run + ": " + e);
        }
    }

    @Override
    public void close() {
        if (!postgres) {
            try {
                admin("DROP USER IF EXISTS '" + tag + "'@'%'");
            } catch (SQLException e) {
                System.err.println("[fault] could not drop MariaDB user " + tag + ": " + e);
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
