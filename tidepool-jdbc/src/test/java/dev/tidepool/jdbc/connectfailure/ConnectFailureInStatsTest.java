package dev.tidepool.jdbc.connectfailure;

import dev.tidepool.testkit.Poll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.core.PoolStats;
import dev.tidepool.jdbc.ConnectFailure;
import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.LogCapture;
import dev.tidepool.testkit.StubDatabase;
import java.net.ConnectException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 5: "The class and a one-line fix hint are in every message that reports the failure, and
 * in stats()": {@code PoolStats.lastCreateFailure()} holds the last connect failure, classified,
 * with its hint and the password masked, and is null again once a connect succeeds. The log line
 * that reports the failure says the same.
 */
class ConnectFailureInStatsTest {
    private static final Duration WAIT_BOUND = Duration.ofSeconds(10);
    private static final String PASSWORD = "Stats-Secret-" + Long.toHexString(System.nanoTime());

    @Test
    void statsShowTheLastConnectFailureClassifiedWithItsHintAndNoPasswordUntilAConnectSucceeds() throws Exception {
        try (StubDatabase stub = StubDatabase.create()) {
            // The driver's message carries the password, as careless drivers' messages sometimes do.
            stub.failConnectsWith(() -> new SQLException("could not connect as app/" + PASSWORD
                    + ": Connection refused", "08001", new ConnectException("Connection refused")));
            TidepoolConfig config = TidepoolConfig.builder().jdbcUrl(stub.url()).username("app").password(PASSWORD)
                    .poolName("stats-refused").maxSize(1).minIdle(1).failFast(false)
                    .acquireTimeout(Duration.ofSeconds(5)).validationTimeout(Duration.ofSeconds(1)).build();
            try (LogCapture log = LogCapture.of("stats-refused");
                 TidepoolDataSource ds = new TidepoolDataSource(config)) {
                Poll.until("a connect failed", WAIT_BOUND, () -> ds.stats().createFailures() > 0);
                Poll.until("the failure was logged", WAIT_BOUND, () -> !log.containing("cannot create a connection").isEmpty());
                String logged = log.containing("cannot create a connection").get(0);
                assertTrue(logged.startsWith("WARNING stats-refused - cannot create a connection: REFUSED: "), logged);
                assertTrue(logged.endsWith(ConnectFailure.REFUSED.hint()), logged);
                assertFalse(logged.contains(PASSWORD), logged);
                PoolStats failed = ds.stats();
                String text = failed.lastCreateFailure();
                System.out.println("stats().lastCreateFailure(): " + text);
                assertNotNull(text, failed::toString);
                assertTrue(text.startsWith("REFUSED: "), text);
                assertTrue(text.contains(ConnectFailure.REFUSED.hint()), text);
                assertFalse(text.contains(PASSWORD), text);
                assertFalse(failed.toString().contains(PASSWORD), failed::toString);
                assertTrue(failed.counts().startsWith("total=0, active=0, idle=0, waiting=0, creating="),
                        "counts() unchanged: " + failed.counts());

                stub.failConnectsWith(null);
                // Refused before any connection opened is a verdict (issue 13): a borrower during the
                // back-off (<= 1 s) is turned away at once; the retry after it connects.
                Poll.until("a borrow succeeds once connects do", WAIT_BOUND, () -> {
                    try (Connection c = ds.getConnection()) {
                        return c.isValid(1);
                    } catch (SQLException stillBackingOff) {
                        return false;
                    }
                });
                assertNull(ds.stats().lastCreateFailure(), "a success clears it: " + ds.stats());
                assertEquals(1, ds.stats().created());
            }
        }
    }

    @Test
    void theRealDriversRefusedConnectIsClassifiedInStats() throws Exception {
        // Port 1 on the loopback: nothing listens, the kernel refuses at once. No server needed.
        TidepoolConfig config = TidepoolConfig.builder()
                .jdbcUrl("jdbc:postgresql://127.0.0.1:1/test?connectTimeout=2").username("app").password(PASSWORD)
                .poolName("stats-refused-pg").maxSize(1).minIdle(1).failFast(false)
                .acquireTimeout(Duration.ofSeconds(2)).validationTimeout(Duration.ofSeconds(1)).build();
        try (TidepoolDataSource ds = new TidepoolDataSource(config)) {
            Poll.until("a connect failed", WAIT_BOUND, () -> ds.stats().lastCreateFailure() != null);
            String text = ds.stats().lastCreateFailure();
            System.out.println("stats().lastCreateFailure(): " + text);
            assertTrue(text.startsWith("REFUSED: "), text);
            assertTrue(text.endsWith(ConnectFailure.REFUSED.hint()), text);
            assertFalse(text.contains(PASSWORD), text);
        }
    }

    /** Bounded polling for what the pool's threads make true. */
}
