package dev.tidepool.jdbc.backoff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.jdbc.secrets.PasswordRole;
import dev.tidepool.testkit.DbTarget;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, back-off on bad passwords, on PostgreSQL: the role tidepool_pw must log in with its
 * password (scram-sha-256 line in pg_hba.conf, .ci/prepare-databases.sh). A pool with a wrong
 * password, hammered by several threads for 3 s, connects only a few times (25 ms doubling to 1 s)
 * and every caller fails at once with AUTH_FAILED. Skipped locally without the role, failed with CI=true.
 */
class PostgresBackoffTest {

    @Test
    void aWrongPasswordConnectsOnlyAFewTimesASecondAndCallersFailFastWithAuthFailed() throws Exception {
        DbTarget pg = PasswordRole.postgres();
        String wrong = "not-" + PasswordRole.PASSWORD;
        System.out.printf("PostgreSQL, wrong password, one thread in a loop without a pool: %.0f attempts/s%n",
                unpooledAttemptsPerSecond(pg.url(), PasswordRole.USER, wrong));
        TidepoolConfig config = TidepoolConfig.builder().jdbcUrl(pg.url()).username(PasswordRole.USER).password(wrong)
                .poolName("backoff-pg").maxSize(4).failFast(false)
                .acquireTimeout(Duration.ofSeconds(20)).validationTimeout(Duration.ofSeconds(1)).build();
        try (TidepoolDataSource ds = new TidepoolDataSource(config)) {
            BadPasswordLoad.Result r = BadPasswordLoad.run(ds, StubBackoffTest.THREADS, StubBackoffTest.LOAD, "AUTH_FAILED");
            System.out.println("PostgreSQL, wrong password, " + StubBackoffTest.THREADS + " threads, pooled: " + r);
            assertTrue(r.unexpected().isEmpty(), r.unexpected()::toString);
            assertTrue(r.attempts() <= StubBackoffTest.MAX_ATTEMPTS, "backs off: " + r);
            assertTrue(r.calls() > 10 * r.attempts(), "callers do not each cause a connect: " + r);
            assertTrue(r.slowestCallMillis() < config.acquireTimeout().toMillis() / 4, "fails fast: " + r);
            String last = ds.stats().lastCreateFailure();
            assertTrue(last != null && last.startsWith("AUTH_FAILED: ") && !last.contains(wrong), String.valueOf(last));
        }
    }

    /** What the server would face without back-off: plain connects in a loop for 1 s (printed, not asserted). */
    static double unpooledAttemptsPerSecond(String url, String user, String password) {
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(1).toNanos();
        int attempts = 0;
        while (System.nanoTime() - end < 0) {
            attempts++;
            try {
                DriverManager.getConnection(url, user, password).close();
                throw new AssertionError("a wrong password got in");
            } catch (SQLException expected) {
                // rejected, as it should be
            }
        }
        return attempts / ((System.nanoTime() - start) / 1e9);
    }
}
