package dev.tidepool.jdbc;

import dev.tidepool.testkit.StubDatabase;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, item 1: a definite connect failure (refused, unknown host, login, database) ends
 * start-up at once with its class; failures that may clear (timeout, server full, other) are
 * waited out up to acquireTimeout. The acquire timeout here is long (30 s): a pool that waited it
 * out would end with a "within 30000 ms" timeout message instead of the verdict asserted.
 */
class StartUpVerdictTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    private static SQLException refused() {
        return new SQLException("Connection to db:5432 refused", "08001", new ConnectException("Connection refused"));
    }

    private static SQLException unknownHost() {
        return new SQLException("The connection attempt failed.", "08001", new UnknownHostException("db.invalid"));
    }

    private static SQLException timedOut() {
        return new SQLException("The connection attempt failed.", "08001", new SocketTimeoutException("connect timed out"));
    }

    private static SQLException serverFull() {
        return new SQLException("FATAL: sorry, too many clients already", "53300");
    }

    private static TidepoolConfig.Builder config(StubDatabase db, Duration acquireTimeout) {
        return Pools.config(db.url()).acquireTimeout(acquireTimeout).validationTimeout(Duration.ofMillis(100));
    }

    private static SQLException startUpFailure(StubDatabase db, Supplier<SQLException> failure, Duration acquireTimeout) {
        db.failConnectsWith(failure);
        TidepoolConfig c = config(db, acquireTimeout).build();
        SQLException e = assertThrows(SQLException.class, () -> new TidepoolDataSource(c).close());
        Pools.assertNoThreadsLeft(c.poolName());
        return e;
    }

    @Test
    void aRefusedConnectEndsStartUpAtOnceNamingTheClass() {
        try (StubDatabase db = StubDatabase.create()) {
            SQLException e = startUpFailure(db, StartUpVerdictTest::refused, LONG);
            assertTrue(e.getMessage().contains("cannot open a first connection (failFast): REFUSED"), e.getMessage());
            assertEquals("08001", e.getSQLState());
            assertTrue(db.connectAttempts() <= 2, "the first attempts decide, no retry loop: " + db.connectAttempts());
        }
    }

    @Test
    void anUnknownHostEndsStartUpAtOnceNamingTheClass() {
        try (StubDatabase db = StubDatabase.create()) {
            SQLException e = startUpFailure(db, StartUpVerdictTest::unknownHost, LONG);
            assertTrue(e.getMessage().contains("cannot open a first connection (failFast): UNKNOWN_HOST"), e.getMessage());
        }
    }

    @Test
    void aConnectTimeoutIsWaitedOutUpToAcquireTimeout() {
        try (StubDatabase db = StubDatabase.create()) {
            SQLException e = startUpFailure(db, StartUpVerdictTest::timedOut, Duration.ofMillis(300));
            assertTrue(e.getMessage().contains("cannot open a first connection within 300 ms (failFast): TIMEOUT"),
                    e.getMessage());
            assertTrue(db.connectAttempts() > 1, "retried while waiting: " + db.connectAttempts());
        }
    }

    @Test
    void aFullServerIsWaitedOutUpToAcquireTimeout() {
        try (StubDatabase db = StubDatabase.create()) {
            SQLException e = startUpFailure(db, StartUpVerdictTest::serverFull, Duration.ofMillis(300));
            assertTrue(e.getMessage().contains("within 300 ms (failFast): SERVER_FULL"), e.getMessage());
        }
    }

    @Test
    void waitersOfAPoolThatNeverOpenedAConnectionGetTheVerdictAtOnce() throws SQLException {
        try (StubDatabase db = StubDatabase.create();
             TidepoolDataSource ds = new TidepoolDataSource(config(db, LONG).failFast(false).build())) {
            db.failConnectsWith(StartUpVerdictTest::refused);
            for (int i = 0; i < 3; i++) {
                SQLTransientConnectionException e = assertThrows(SQLTransientConnectionException.class, ds::getConnection);
                assertTrue(e.getMessage().startsWith(ds.poolName() + " - cannot open a connection: REFUSED"), e.getMessage());
            }
            assertTrue(ds.stats().lastCreateFailure().startsWith("REFUSED"), ds.stats().lastCreateFailure());
        }
    }

    @Test
    void aWrongPasswordStaysNonTransientWhileARefusalIsTransient() throws SQLException {
        try (StubDatabase db = StubDatabase.create();
             TidepoolDataSource ds = new TidepoolDataSource(config(db, LONG).failFast(false)
                     .username("app").password("wrong").build())) {
            db.credentials("app", "right");
            SQLNonTransientConnectionException e = assertThrows(SQLNonTransientConnectionException.class, ds::getConnection);
            assertTrue(e.getMessage().contains("AUTH_FAILED"), e.getMessage());
        }
    }

    @Test
    void onceAConnectionHasOpenedARefusalIsWaitedOutLikeARestart() throws SQLException {
        try (StubDatabase db = StubDatabase.create();
             TidepoolDataSource ds = new TidepoolDataSource(config(db, Duration.ofMillis(300)).maxSize(2).build());
             Connection held = ds.getConnection()) {
            db.failConnectsWith(StartUpVerdictTest::refused);
            SQLTransientConnectionException e = assertThrows(SQLTransientConnectionException.class, ds::getConnection);
            assertTrue(e.getMessage().startsWith(ds.poolName() + " - no connection available within 300 ms"), e.getMessage());
            assertFalse(held.isClosed());
        }
    }

    @Test
    void aPoolThatGotTheVerdictConnectsOnceTheServerAnswers() throws SQLException {
        try (StubDatabase db = StubDatabase.create();
             TidepoolDataSource ds = new TidepoolDataSource(config(db, Duration.ofSeconds(2)).failFast(false).build())) {
            db.failConnectsWith(StartUpVerdictTest::refused);
            assertThrows(SQLTransientConnectionException.class, ds::getConnection);
            db.failConnectsWith(null);
            Pools.await("a borrow succeeds once connects do", () -> {
                try (Connection c = ds.getConnection()) {
                    return c.isValid(1);
                } catch (SQLException stillBackingOff) {
                    return false;
                }
            });
        }
    }
}
