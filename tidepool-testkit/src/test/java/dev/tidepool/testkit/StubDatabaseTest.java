package dev.tidepool.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StubDatabaseTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final StubDatabase db = StubDatabase.create();

    @AfterEach
    void closeDatabase() {
        db.unblockConnects();
        db.close();
    }

    @Test
    void driverManagerFindsTheStubDriverForStubUrlsOnly() throws SQLException {
        assertInstanceOf(StubDriver.class, DriverManager.getDriver(db.url()));
        assertTrue(StubDriver.instance().acceptsURL("jdbc:stub:x?a=b"));
        assertFalse(StubDriver.instance().acceptsURL("jdbc:h2:mem:x"));
        assertNull(StubDriver.instance().connect("jdbc:h2:mem:x", null));
    }

    @Test
    void connectToAnUnknownDatabaseNamesItAndTheFix() {
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:stub:nope"));
        assertEquals("3D000", e.getSQLState());
        assertTrue(e.getMessage().contains("StubDatabase.create(\"nope\")"), e.getMessage());
    }

    @Test
    void createWithATakenNameFails() {
        assertThrows(IllegalStateException.class, () -> StubDatabase.create(db.name()));
    }

    @Test
    void countersFollowOpenAndClose() throws SQLException {
        Connection a = DriverManager.getConnection(db.url());
        Connection b = DriverManager.getConnection(db.url() + "?user=bob");
        assertEquals(2, db.connectAttempts());
        assertEquals(2, db.openConnections());
        assertEquals("bob", ((StubConnection) b).user());
        a.close();
        a.close();
        assertEquals(1, db.openConnections());
        assertEquals(2, db.totalOpened());
        assertEquals(1, db.totalClosed());
        assertEquals(1, db.connections().size());
        assertSame(b, db.connections().get(0));
        b.close();
        db.awaitOpenConnections(0, BOUND);
    }

    @Test
    void failNextConnectsFailsExactlyThatManyThenRecovers() throws SQLException {
        db.failNextConnects(2, () -> new SQLException("connection refused", "08001"));
        for (int i = 0; i < 2; i++) {
            SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(db.url()));
            assertEquals("08001", e.getSQLState());
        }
        try (Connection c = DriverManager.getConnection(db.url())) {
            assertFalse(c.isClosed());
        }
        assertEquals(3, db.connectAttempts());
        assertEquals(1, db.totalOpened());
    }

    @Test
    void failConnectsWithFailsUntilCleared() throws SQLException {
        db.failConnectsWith(() -> new SQLException("too many connections", "53300"));
        assertThrows(SQLException.class, () -> DriverManager.getConnection(db.url()));
        assertThrows(SQLException.class, () -> DriverManager.getConnection(db.url()));
        db.failConnectsWith(null);
        DriverManager.getConnection(db.url()).close();
        assertEquals(3, db.connectAttempts());
    }

    @Test
    void credentialsRejectOtherUsersWithAnAuthenticationError() throws SQLException {
        db.credentials("app", "secret");
        SQLException e = assertThrows(SQLInvalidAuthorizationSpecException.class,
                () -> DriverManager.getConnection(db.url(), "app", "wrong"));
        assertEquals("28P01", e.getSQLState());
        DriverManager.getConnection(db.url(), "app", "secret").close();
    }

    @Test
    void connectLatencyDelaysConnectsByAtLeastThatMuch() throws SQLException {
        db.connectLatency(Duration.ofMillis(50));
        long start = System.nanoTime();
        DriverManager.getConnection(db.url()).close();
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void connectLatencyLongerThanTheLoginTimeoutTimesOut() {
        db.connectLatency(Duration.ofSeconds(30));
        StubDataSource ds = new StubDataSource(db);
        ds.setLoginTimeout(1);
        assertTimeoutPreemptively(BOUND, () -> assertThrows(SQLTimeoutException.class, ds::getConnection));
        assertEquals(0, db.totalOpened());
    }

    @Test
    void blockedConnectsWaitUntilUnblocked() throws Exception {
        db.blockConnects();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Connection> pending = CompletableFuture.supplyAsync(() -> {
            started.countDown();
            try {
                return DriverManager.getConnection(db.url());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        Poll.until("the blocked connect reached the stub", BOUND, () -> db.connectAttempts() == 1);
        assertFalse(pending.isDone());
        db.unblockConnects();
        pending.get(10, TimeUnit.SECONDS).close();
        assertEquals(1, db.totalOpened());
    }

    @Test
    void blockedConnectGivesUpAtTheLoginTimeout() {
        db.blockConnects();
        StubDataSource ds = new StubDataSource(db);
        ds.setLoginTimeout(1);
        SQLTimeoutException e = assertTimeoutPreemptively(BOUND,
                () -> assertThrows(SQLTimeoutException.class, ds::getConnection));
        assertTrue(e.getMessage().contains("blockConnects"), e.getMessage());
    }

    @Test
    void killAllBreaksEveryOpenConnection() throws SQLException {
        Connection a = DriverManager.getConnection(db.url());
        Connection b = DriverManager.getConnection(db.url());
        db.killAll();
        assertFalse(a.isValid(1));
        assertEquals("08006", assertThrows(SQLException.class, b::commit).getSQLState());
        assertEquals(2, db.openConnections(), "killed connections stay open until closed");
        a.close();
        b.close();
        assertEquals(0, db.openConnections());
    }

    @Test
    void closedDatabaseRefusesConnectsButReleasesBlockedOnes() {
        db.close();
        assertThrows(SQLException.class, () -> DriverManager.getConnection(db.url()));
    }

    @Test
    void awaitOpenConnectionsFailsWithTheCountsAfterItsBound() {
        AssertionError e = assertThrows(AssertionError.class, () -> db.awaitOpenConnections(1, Duration.ofMillis(20)));
        assertTrue(e.getMessage().contains("expected 1 open connections"), e.getMessage());
    }

    @Test
    void dataSourcePassesCredentialsAndUnwraps() throws SQLException {
        StubDataSource ds = new StubDataSource(db);
        try (Connection c = ds.getConnection("alice", "pw")) {
            assertEquals("alice", c.unwrap(StubConnection.class).user());
            assertEquals("alice", c.getMetaData().getUserName());
        }
        assertTrue(ds.isWrapperFor(StubDataSource.class));
    }
}
