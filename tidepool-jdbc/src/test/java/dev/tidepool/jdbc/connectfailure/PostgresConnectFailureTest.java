package dev.tidepool.jdbc.connectfailure;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.jdbc.internal.ConnectFailureClassifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.sql.Connection;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static dev.tidepool.jdbc.connectfailure.ConnectAttempt.admin;
import static dev.tidepool.jdbc.connectfailure.ConnectAttempt.assertClassified;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tidepool.jdbc.ConnectFailure;
import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.FaultProxy;
import dev.tidepool.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every connect-failure class, produced for real against PostgreSQL on 127.0.0.1:5432. Issue 5.
 *
 * <p>SERVER_FULL twice: a role with {@code CONNECTION LIMIT 1} (the same SQLState as a full server,
 * {@code 53300}), and the real thing, every slot of {@code max_connections} taken for a moment
 * (tests run one class at a time, and the test waits until logins work again).
 */
class PostgresConnectFailureTest {

    /** Created by .ci/prepare-databases.sh, with a scram-sha-256 pg_hba line before the trust lines. */
    static final String PASSWORD_ROLE = TestDatabases.postgresPasswordRole().user();
    static final String PASSWORD_ROLE_SECRET = TestDatabases.postgresPasswordRole().password();
    private static final String TIMEOUTS = "connectTimeout=1&loginTimeout=1&socketTimeout=1&sslmode=disable";
    /** Fillings of the server for the SERVER_FULL start-up case, each spoilt only by a session ending meanwhile. */
    private static final int FULL_SERVER_TRIES = 3;

    private DbTarget pg;

    @BeforeEach
    void requirePostgres() {
        pg = TestDatabases.requireAvailable(TestDatabases.postgres());
    }

    @Test
    void unknownHostIsUnknownHost() {
        assertClassified(ConnectFailure.UNKNOWN_HOST,
                "jdbc:postgresql://no-such-host.invalid:5432/test?connectTimeout=5", "postgres", "");
    }

    @Test
    void closedPortIsRefused() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(pg.host(), pg.port())) {
            proxy.refuseNew();
            assertClassified(ConnectFailure.REFUSED, pg.urlVia(proxy.port(), TIMEOUTS), pg.user(), pg.password());
        }
    }

    @Test
    void silentNetworkIsTimeout() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(pg.host(), pg.port())) {
            proxy.blackhole();
            assertClassified(ConnectFailure.TIMEOUT, pg.urlVia(proxy.port(), TIMEOUTS), pg.user(), pg.password());
        }
    }

    @Test
    void wrongPasswordIsAuthFailed() throws SQLException {
        ConnectAttempt.requireFixture(passwordRoleNeedsItsPassword(),
                "PostgreSQL role " + PASSWORD_ROLE + " with a scram-sha-256 pg_hba line is not set up");
        assertClassified(ConnectFailure.AUTH_FAILED, pg.url(), PASSWORD_ROLE, "wrong-" + PASSWORD_ROLE_SECRET);
    }

    @Test
    void unknownRoleIsAuthFailed() {
        assertClassified(ConnectFailure.AUTH_FAILED, pg.url(), "tidepool_no_such_role", "not-the-password");
    }

    @Test
    void missingDatabaseIsDatabaseNotFound() {
        assertClassified(ConnectFailure.DATABASE_NOT_FOUND,
                "jdbc:postgresql://127.0.0.1:5432/tidepool_no_such_db", pg.user(), pg.password());
    }

    @Test
    void connectionLimitReachedIsServerFull() throws SQLException {
        String role = ConnectAttempt.uniqueName("tp_cf_full_");
        admin(pg.url(), pg.user(), pg.password(), "CREATE ROLE " + role + " LOGIN CONNECTION LIMIT 1");
        try {
            try (Connection first = DriverManager.getConnection(pg.url(), role, "")) {
                SQLException e = assertClassified(ConnectFailure.SERVER_FULL, pg.url(), role, "");
                assertEquals("53300", e.getSQLState());
            }
        } finally {
            admin(pg.url(), pg.user(), pg.password(), "DROP ROLE IF EXISTS " + role);
        }
    }

    /**
     * The real thing: every slot of {@code max_connections} taken (superuser slots included, as
     * the test logs in as a superuser), then one more login, directly and through a pool.
     *
     * <p>The pool waits a SERVER_FULL out for its acquireTimeout (2 s), and any session that ends
     * meanwhile frees a slot it then takes: one this JVM closed just before (a backend ends a
     * moment after its client closed it, later on a loaded machine), or another client's. The
     * server was then not full, which the pool proves by serving from it; the test fills the
     * server again and tries once more (at most {@link #FULL_SERVER_TRIES} times). A pool that
     * starts without a working server session fails at once.
     */
    @Test
    void exhaustedMaxConnectionsIsServerFull() throws Exception {
        for (int attempt = 1; ; attempt++) {
            if (poolRefusedByFullServer(attempt)) {
                return;
            }
            if (attempt == FULL_SERVER_TRIES) {
                throw new AssertionError("in " + FULL_SERVER_TRIES + " tries, a session always ended while the pool"
                        + " started, so the server was never full throughout; see [connect-failure] above");
            }
        }
    }

    /**
     * Fills the server, then starts a pool: true when start-up failed with SERVER_FULL, false
     * when a slot freed meanwhile and the pool got a real session (the try proves nothing).
     */
    private boolean poolRefusedByFullServer(int attempt) throws Exception {
        List<Connection> held = new ArrayList<>();
        try {
            SQLException full = null;
            for (int i = 0; i < 1_000 && full == null; i++) { // bounded far above any max_connections here
                try {
                    held.add(DriverManager.getConnection(pg.url(), pg.user(), pg.password()));
                } catch (SQLException e) {
                    full = e;
                }
            }
            assertNotNull(full, "the server never refused a login after " + held.size() + " connections");
            assertEquals("53300", full.getSQLState(), full::toString);
            assertEquals(ConnectFailure.SERVER_FULL, ConnectFailureClassifier.classify(full));
            TidepoolConfig config = TidepoolConfig.builder().jdbcUrl(pg.url()).username(pg.user())
                    .poolName("tp-cf-full-" + attempt).maxSize(2).acquireTimeout(Duration.ofSeconds(2))
                    .validationTimeout(Duration.ofSeconds(1)).build();
            TidepoolDataSource started;
            try {
                started = new TidepoolDataSource(config);
            } catch (SQLException startup) {
                assertTrue(startup.getMessage().contains("SERVER_FULL"), startup::getMessage);
                return true;
            }
            try (TidepoolDataSource ds = started; Connection c = ds.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                assertTrue(rs.next(), "the pool started on a full server without a working session");
                System.out.println("[connect-failure] try " + attempt + ": a slot freed while the pool started (its session,"
                        + " backend " + rs.getInt(1) + ", works beside the " + held.size() + " held): filling the server again");
            }
            return false;
        } finally {
            for (Connection c : held) {
                c.close();
            }
            awaitLoginsAccepted();
        }
    }

    /** Closed sessions end asynchronously on the server: wait (bounded) until logins work again. */
    private void awaitLoginsAccepted() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), pg.password())) {
                return;
            } catch (SQLException stillFull) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("the server still refuses logins 10 s after the test closed its sessions", stillFull);
                }
                Thread.sleep(20); // bounded polling of the server, not synchronisation between threads
            }
        }
    }

    @Test
    void tlsThatCannotBeEstablishedIsTls() {
        // verify-full fails with an SSL error both on a server without SSL ("does not support SSL")
        // and on one with a certificate this client does not trust.
        assertClassified(ConnectFailure.TLS, pg.urlWith("sslmode=verify-full&connectTimeout=5"), pg.user(),
                pg.password());
    }

    @Test
    void unrecognisedStartupSettingIsOther() {
        // FATAL 42704 unrecognized configuration parameter: a real server answer outside every class
        assertClassified(ConnectFailure.OTHER, pg.urlWith("options=-c%20tidepool_no_such_setting%3D1"),
                pg.user(), pg.password());
    }

    /** True when tidepool_pw exists and a wrong password is rejected (not let in by trust). */
    private boolean passwordRoleNeedsItsPassword() throws SQLException {
        try (Connection c = pg.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select 1 from pg_roles where rolname = '" + PASSWORD_ROLE + "'")) {
            if (!rs.next()) {
                return false;
            }
        }
        try (Connection c = DriverManager.getConnection(pg.url(), PASSWORD_ROLE, "wrong-" + PASSWORD_ROLE_SECRET)) {
            return false; // trust let it in
        } catch (SQLException e) {
            return true;
        }
    }
}
