package dev.tidepool.jdbc.fault;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.FaultProxy;
import dev.tidepool.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4, item 5: start-up against a server that cannot be used. Both ways a pool starts (the
 * failFast constructor, and the first {@code getConnection()} of a pool built with failFast off)
 * must fail within acquireTimeout (plus slack) with a message naming the cause's class.
 *
 * <p>"Server full" uses a per-user connection limit (PostgreSQL role {@code CONNECTION LIMIT 1},
 * MariaDB {@code MAX_USER_CONNECTIONS 1}) with one session held: the server answers exactly as
 * when {@code max_connections} is reached (PostgreSQL 53300), without starving colleagues' tests.
 */
@Tag("fault")
class StartupFailureTest {
    private static final Duration BOUND = FaultDb.ACQUIRE_TIMEOUT.plus(Bounds.SLACK);
    private static final String PG_PASSWORD_ROLE = TestDatabases.postgresPasswordRole().user();

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String db : FaultDb.names()) {
            for (String cause : List.of("REFUSED", "UNKNOWN_HOST", "AUTH_FAILED", "DATABASE_NOT_FOUND", "SERVER_FULL")) {
                cases.add(Arguments.of(db, cause));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void startUpFailsWithinAcquireTimeoutAndNamesTheCause(String database, String cause) throws Exception {
        try (FaultDb db = FaultDb.open(database, "start")) {
            withCause(db, cause, config -> {
                long t = System.nanoTime();
                SQLException atStart = assertThrows(SQLException.class, () -> new TidepoolDataSource(config.build()).close());
                long startTook = System.nanoTime() - t;

                long borrowTook;
                SQLException atBorrow;
                try (TidepoolDataSource ds = new TidepoolDataSource(config.failFast(false).build())) {
                    t = System.nanoTime();
                    atBorrow = assertThrows(SQLException.class, () -> ds.getConnection().close());
                    borrowTook = System.nanoTime() - t;
                } catch (SQLException e) {
                    throw new AssertionError("failFast=false must not fail at construction", e);
                }
                Figures.report("start-up failure " + cause, db, "failFast constructor failed after " + Figures.ms(startTook)
                        + ", first getConnection after " + Figures.ms(borrowTook) + "; message: " + firstLine(atStart));
                assertTrue(startTook <= BOUND.toNanos(), "failFast start-up took " + Figures.ms(startTook));
                assertTrue(borrowTook <= BOUND.toNanos(), "first getConnection took " + Figures.ms(borrowTook));
                assertTrue(atStart.getMessage().contains(cause), "start-up message does not name " + cause + ": " + atStart.getMessage());
                assertTrue(atBorrow.getMessage().contains(cause), "getConnection message does not name " + cause + ": " + atBorrow.getMessage());
                assertNotNull(atStart.getCause(), "the driver's failure is the cause");
                // Issue 13: definite classes end start-up at the first failure, the others wait it out.
                boolean definite = !cause.equals("SERVER_FULL");
                assertEquals(definite, !atStart.getMessage().contains(" within "), "verdict at once for "
                        + cause + " only if definite: " + atStart.getMessage());
                assertEquals(definite, !atBorrow.getMessage().contains(" within "), atBorrow.getMessage());
                return null;
            });
        }
    }

    private interface Scenario {
        Void run(TidepoolConfig.Builder config) throws Exception;
    }

    private static void withCause(FaultDb db, String cause, Scenario scenario) throws Exception {
        Function<String, TidepoolConfig.Builder> pool = url -> db.pool(url).minIdle(0);
        switch (cause) {
            case "REFUSED" -> {
                try (FaultProxy proxy = FaultProxy.start(db.target.host(), db.target.port())) {
                    proxy.refuseNew();
                    scenario.run(pool.apply(db.target.urlVia(proxy.port(), db.timeouts())));
                }
            }
            case "UNKNOWN_HOST" -> scenario.run(pool.apply(
                    db.target.urlWith(db.timeouts()).replace("127.0.0.1", "no-such-host.invalid")));
            // As the admin user: MariaDB tells a user without rights "access denied" instead (1044).
            case "DATABASE_NOT_FOUND" -> scenario.run(pool.apply(
                    db.target.urlWith(db.timeouts()).replace("/test?", "/tidepool_no_such_db?"))
                    .username(db.target.user()).password(db.target.password()));
            case "AUTH_FAILED" -> {
                if (db.postgres) {
                    scenario.run(pool.apply(db.target.urlWith(db.timeouts())).username(PG_PASSWORD_ROLE)
                            .password("wrong-secret").driverProperty("ApplicationName", db.tag));
                } else {
                    db.admin("CREATE USER '" + db.tag + "_pw'@'%' IDENTIFIED BY 'right-secret-1'");
                    try {
                        scenario.run(pool.apply(db.target.urlWith(db.timeouts())).username(db.tag + "_pw").password("wrong-secret-2"));
                    } finally {
                        db.admin("DROP USER IF EXISTS '" + db.tag + "_pw'@'%'");
                    }
                }
            }
            case "SERVER_FULL" -> {
                String user = db.tag + "_full";
                String url = db.target.urlWith(db.timeouts());
                db.admin(db.postgres ? "CREATE ROLE " + user + " LOGIN CONNECTION LIMIT 1"
                        : "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'full-secret' WITH MAX_USER_CONNECTIONS 1");
                if (!db.postgres) {
                    db.admin("GRANT ALL ON test.* TO '" + user + "'@'%'");
                }
                try (Connection held = DriverManager.getConnection(url, user, db.postgres ? "" : "full-secret")) {
                    scenario.run(pool.apply(url).username(user).password(db.postgres ? "" : "full-secret"));
                } finally {
                    db.admin(db.postgres ? "DROP ROLE IF EXISTS " + user : "DROP USER IF EXISTS '" + user + "'@'%'");
                }
            }
            default -> throw new IllegalArgumentException(cause);
        }
    }

    private static String firstLine(SQLException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
