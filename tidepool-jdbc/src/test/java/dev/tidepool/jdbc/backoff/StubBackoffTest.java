package dev.tidepool.jdbc.backoff;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.Poll;
import dev.tidepool.testkit.StubDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Issue 5: a wrong password is not retried in a tight loop, callers fail fast with AUTH_FAILED,
 * and a later success clears the back-off. The stub database counts the connect attempts on the
 * server side, so this also shows that {@code stats().createFailures()} (what the PostgreSQL and
 * MariaDB tests count) is the number of attempts the server sees.
 */
class StubBackoffTest {
    static final int THREADS = 4;
    static final Duration LOAD = Duration.ofSeconds(3);
    /** Back-off 25 ms doubling to 1 s: about 8 attempts in 3 s; without it, thousands. */
    static final long MAX_ATTEMPTS = 15;
    /** How long callers get, after the fix, to see the next retry succeed. */
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(10);

    @Test
    void aWrongPasswordIsRetriedWithBackOffCallersFailFastAndASuccessClearsIt() throws Exception {
        try (StubDatabase stub = StubDatabase.create()) {
            stub.failConnectsWith(() -> new SQLException("password authentication failed for user \"app\"", "28P01"));
            TidepoolConfig config = TidepoolConfig.builder().jdbcUrl(stub.url()).username("app").password("wrong")
                    .poolName("backoff-stub").maxSize(4).failFast(false)
                    .acquireTimeout(Duration.ofSeconds(20)).validationTimeout(Duration.ofSeconds(1)).build();
            try (TidepoolDataSource ds = new TidepoolDataSource(config)) {
                BadPasswordLoad.Result r = BadPasswordLoad.run(ds, THREADS, LOAD, "AUTH_FAILED");
                System.out.println("stub, wrong password, " + THREADS + " threads: " + r);
                assertTrue(r.unexpected().isEmpty(), r.unexpected()::toString);
                assertTrue(r.attempts() <= MAX_ATTEMPTS, "backs off: " + r);
                assertTrue(r.calls() > 10 * r.attempts(), "callers do not each cause a connect: " + r);
                assertTrue(r.slowestCallMillis() < config.acquireTimeout().toMillis() / 4, "fails fast: " + r);
                // Since the start, the server saw as many attempts as the pool counts (one may be under way).
                long server = stub.connectAttempts();
                long counted = ds.stats().createFailures();
                assertTrue(Math.abs(server - counted) <= 1, "server saw " + server + ", the pool counted " + counted);

                stub.failConnectsWith(null); // the password was fixed on the server
                Connection c = borrowOnceRecovered(ds);
                try (c) {
                    assertTrue(c.isValid(1));
                }
                assertNull(ds.stats().lastCreateFailure(), "a success clears the last failure: " + ds.stats());
                for (int i = 0; i < 20; i++) { // the back-off is gone: every borrow succeeds at once
                    try (Connection again = ds.getConnection()) {
                        assertTrue(again.isValid(1));
                    }
                }
            }
        }
    }

    /**
     * Callers keep failing fast until the next retry (at most 1 s away) succeeds. Any failure but
     * AUTH_FAILED ends the wait at once; the last AUTH_FAILED is the cause when the bound passes.
     */
    private static Connection borrowOnceRecovered(TidepoolDataSource ds) throws SQLException {
        AtomicReference<SQLException> lastAuthFailure = new AtomicReference<>();
        Connection c = Poll.until(RECOVERY_BOUND, () -> {
            try {
                return ds.getConnection();
            } catch (SQLException e) {
                if (!e.getMessage().contains("AUTH_FAILED")) {
                    throw e;
                }
                lastAuthFailure.set(e);
                return null;
            }
        }, Objects::nonNull);
        if (c == null) {
            throw new AssertionError("no borrow succeeded within " + RECOVERY_BOUND.toSeconds()
                    + " s of the password fix", lastAuthFailure.get());
        }
        return c;
    }
}
