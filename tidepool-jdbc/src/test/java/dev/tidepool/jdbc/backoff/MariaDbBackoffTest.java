package dev.tidepool.jdbc.backoff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, back-off on bad passwords, on MariaDB: a user created with a password, a pool given a
 * wrong one, hammered by several threads for 3 s: only a few connect attempts (25 ms doubling to
 * 1 s), every caller fails at once with AUTH_FAILED. Skipped locally without MariaDB, failed with CI=true.
 */
class MariaDbBackoffTest {
    private static final String RIGHT = "right-Backoff-1";
    private static final String WRONG = "wrong-Backoff-2";

    @Test
    void aWrongPasswordConnectsOnlyAFewTimesASecondAndCallersFailFastWithAuthFailed() throws Exception {
        DbTarget maria = TestDatabases.requireAvailable(TestDatabases.mariadb());
        String user = "tp_backoff_" + Long.toHexString(System.nanoTime() & 0xffffffL);
        admin(maria, "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + RIGHT + "'");
        try {
            admin(maria, "GRANT SELECT ON test.* TO '" + user + "'@'%'");
            System.out.printf("MariaDB, wrong password, one thread in a loop without a pool: %.0f attempts/s%n",
                    PostgresBackoffTest.unpooledAttemptsPerSecond(maria.url(), user, WRONG));
            TidepoolConfig config = TidepoolConfig.builder().jdbcUrl(maria.url()).username(user).password(WRONG)
                    .poolName("backoff-maria").maxSize(4).failFast(false)
                    .acquireTimeout(Duration.ofSeconds(20)).validationTimeout(Duration.ofSeconds(1)).build();
            try (TidepoolDataSource ds = new TidepoolDataSource(config)) {
                BadPasswordLoad.Result r = BadPasswordLoad.run(ds, StubBackoffTest.THREADS, StubBackoffTest.LOAD,
                        "AUTH_FAILED");
                System.out.println("MariaDB, wrong password, " + StubBackoffTest.THREADS + " threads, pooled: " + r);
                assertTrue(r.unexpected().isEmpty(), r.unexpected()::toString);
                assertTrue(r.attempts() <= StubBackoffTest.MAX_ATTEMPTS, "backs off: " + r);
                assertTrue(r.calls() > 10 * r.attempts(), "callers do not each cause a connect: " + r);
                assertTrue(r.slowestCallMillis() < config.acquireTimeout().toMillis() / 4, "fails fast: " + r);
                String last = ds.stats().lastCreateFailure();
                assertTrue(last != null && last.startsWith("AUTH_FAILED: ") && !last.contains(WRONG), String.valueOf(last));
            }
        } finally {
            admin(maria, "DROP USER IF EXISTS '" + user + "'@'%'");
        }
    }

    private static void admin(DbTarget maria, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(maria.url(), maria.user(), maria.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
