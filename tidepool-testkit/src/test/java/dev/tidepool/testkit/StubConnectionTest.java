package dev.tidepool.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTimeoutException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StubConnectionTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final StubDatabase db = StubDatabase.create();
    private final StubConnection connection;

    StubConnectionTest() throws SQLException {
        connection = (StubConnection) new StubDataSource(db).getConnection();
    }

    @AfterEach
    void closeDatabase() {
        connection.close();
        db.close();
    }

    @Test
    void selectOneAnswersOneRowWithOne() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
            assertEquals("1", rs.getString("anything"));
            assertEquals(1L, rs.getObject(1, Long.class));
            assertFalse(rs.next());
            assertSame(s, rs.getStatement());
            assertSame(connection, s.getConnection());
        }
    }

    @Test
    void updatesCountOneRowAndExecuteTellsQueriesFromUpdates() throws SQLException {
        try (Statement s = connection.createStatement()) {
            assertEquals(1, s.executeUpdate("UPDATE t SET x = 1"));
            assertTrue(s.execute("  (select 1)"));
            assertFalse(s.execute("insert into t values (1)"));
            assertEquals(1, s.getUpdateCount());
            s.addBatch("insert 1");
            s.addBatch("insert 2");
            assertArrayEquals(new int[] {1, 1}, s.executeBatch());
        }
        try (PreparedStatement ps = connection.prepareStatement("select ?")) {
            ps.setInt(1, 42);
            assertTrue(ps.execute());
            assertTrue(ps.getResultSet().next());
        }
        try (CallableStatement cs = connection.prepareCall("{call f(?)}")) {
            cs.registerOutParameter(1, java.sql.Types.INTEGER);
            assertFalse(cs.execute());
            assertEquals(1, cs.getInt(1));
        }
        assertEquals(6, connection.executeCount());
    }

    @Test
    void attributesAreRecordedWithJdbcDefaults() throws SQLException {
        assertTrue(connection.getAutoCommit());
        assertEquals(Connection.TRANSACTION_READ_COMMITTED, connection.getTransactionIsolation());
        assertFalse(connection.isReadOnly());
        assertEquals(0, connection.getNetworkTimeout());
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        connection.setReadOnly(true);
        connection.setCatalog("other");
        connection.setSchema("s2");
        connection.setNetworkTimeout(Runnable::run, 1500);
        connection.setHoldability(ResultSet.CLOSE_CURSORS_AT_COMMIT);
        connection.setClientInfo("ApplicationName", "tests");
        assertFalse(connection.getAutoCommit());
        assertEquals(Connection.TRANSACTION_SERIALIZABLE, connection.getTransactionIsolation());
        assertTrue(connection.isReadOnly());
        assertEquals("other", connection.getCatalog());
        assertEquals("s2", connection.getSchema());
        assertEquals(1500, connection.getNetworkTimeout());
        assertEquals(ResultSet.CLOSE_CURSORS_AT_COMMIT, connection.getHoldability());
        assertEquals("tests", connection.getClientInfo("ApplicationName"));
        assertEquals(1, connection.setAutoCommitCount());
        assertEquals(1, connection.count(StubConnection.Call.SET_SCHEMA));
    }

    @Test
    void anExecuteWithAutoCommitOffOpensATransactionThatCommitOrRollbackEnds() throws SQLException {
        connection.setAutoCommit(false);
        assertFalse(connection.inTransaction());
        connection.createStatement().executeUpdate("insert");
        assertTrue(connection.inTransaction());
        connection.rollback();
        assertFalse(connection.inTransaction());
        connection.prepareStatement("select 1").executeQuery();
        assertTrue(connection.inTransaction());
        connection.commit();
        assertFalse(connection.inTransaction());
        connection.createStatement().execute("update");
        connection.setAutoCommit(true);
        assertFalse(connection.inTransaction(), "turning auto-commit on commits");
        assertEquals(1, connection.rollbackCount());
        assertEquals(1, connection.commitCount());
    }

    @Test
    void closingTheConnectionClosesItsStatementsAndTheirResultSets() throws SQLException {
        Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("select 1");
        PreparedStatement ps = connection.prepareStatement("select 1");
        assertEquals(2, connection.openStatementCount());
        connection.close();
        assertTrue(s.isClosed());
        assertTrue(rs.isClosed());
        assertTrue(ps.isClosed());
        assertEquals(0, db.openConnections());
        assertEquals("08003", assertThrows(SQLException.class, connection::commit).getSQLState());
    }

    @Test
    void withTrackingOffStatementsStillWorkButAreNotCounted() throws SQLException {
        db.trackStatements(false);
        PreparedStatement ps = connection.prepareStatement("select 1");
        ResultSet rs = ps.executeQuery();
        assertTrue(rs.next());
        ps.close();
        assertTrue(rs.isClosed(), "closing the statement still closes its result set");
        IllegalStateException e = assertThrows(IllegalStateException.class, connection::openStatementCount);
        assertTrue(e.getMessage().contains("trackStatements(false)"), e.getMessage());
        db.trackStatements(true);
        connection.createStatement();
        assertEquals(1, connection.openStatementCount(), "tracking again from when it was turned back on");
    }

    @Test
    void withCountingOffCallsStillWorkButAreNotCounted() throws SQLException {
        db.countCalls(false);
        connection.setAutoCommit(false);
        connection.rollback();
        connection.clearWarnings();
        assertFalse(connection.getAutoCommit(), "the call still took effect");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> connection.count(StubConnection.Call.ROLLBACK));
        assertTrue(e.getMessage().contains("countCalls(false)"), e.getMessage());
        db.countCalls(true);
        connection.clearWarnings();
        assertEquals(1, connection.count(StubConnection.Call.CLEAR_WARNINGS), "counting again from when it was turned back on");
        assertEquals(0, connection.count(StubConnection.Call.ROLLBACK));
    }

    @Test
    void closingAStatementClosesItsResultSetAndForgetsIt() throws SQLException {
        Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("select 1");
        s.close();
        assertTrue(rs.isClosed());
        assertEquals(0, connection.openStatementCount());
        assertThrows(SQLException.class, rs::next);
    }

    @Test
    void aKilledConnectionFailsEveryCallWith08006AndIsNotValid() throws SQLException {
        Statement s = connection.createStatement();
        connection.kill();
        assertFalse(connection.isValid(1));
        assertEquals("08006", assertThrows(SQLException.class, () -> s.executeQuery("select 1")).getSQLState());
        assertEquals("08006", assertThrows(SQLException.class, connection::rollback).getSQLState());
        assertEquals("08006", assertThrows(SQLException.class, () -> connection.setAutoCommit(false)).getSQLState());
        assertEquals("08006", assertThrows(SQLException.class, connection::getAutoCommit).getSQLState());
        assertFalse(connection.isClosed());
        connection.close();
        assertTrue(connection.isClosed());
    }

    @Test
    void failNextExecuteFailsOnceAndA08StateAlsoKills() throws SQLException {
        Statement s = connection.createStatement();
        SQLException deadlock = new SQLException("deadlock detected", "40P01");
        connection.failNextExecute(deadlock);
        assertSame(deadlock, assertThrows(SQLException.class, () -> s.execute("update")));
        assertEquals(1, s.executeUpdate("update"));
        connection.failNextExecute(new SQLException("terminating connection", "08006"));
        assertThrows(SQLException.class, () -> s.execute("update"));
        assertTrue(connection.isKilled());
    }

    @Test
    void queryLatencyDelaysExecutesByAtLeastThatMuch() throws SQLException {
        db.queryLatency(Duration.ofMillis(50));
        long start = System.nanoTime();
        connection.createStatement().executeQuery("select 1");
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void queryLatencyBeyondTheQueryTimeoutFailsWith57014AndKeepsTheConnection() throws SQLException {
        db.queryLatency(Duration.ofSeconds(30));
        Statement s = connection.createStatement();
        s.setQueryTimeout(1);
        SQLTimeoutException e = assertTimeoutPreemptively(BOUND,
                () -> assertThrows(SQLTimeoutException.class, () -> s.executeQuery("select 1")));
        assertEquals("57014", e.getSQLState());
        assertFalse(connection.isKilled());
    }

    @Test
    void queryLatencyBeyondTheNetworkTimeoutBreaksTheConnection() throws SQLException {
        db.queryLatency(Duration.ofSeconds(30));
        connection.setNetworkTimeout(Runnable::run, 100);
        SQLException e = assertTimeoutPreemptively(BOUND,
                () -> assertThrows(SQLException.class, () -> connection.createStatement().execute("select 1")));
        assertEquals("08006", e.getSQLState());
        assertTrue(connection.isKilled());
    }

    @Test
    void isValidHonoursValidationLatencyAndItsTimeout() throws SQLException {
        assertTrue(connection.isValid(1));
        db.validationLatency(Duration.ofSeconds(30));
        assertTimeoutPreemptively(BOUND, () -> assertFalse(connection.isValid(1)));
        db.validationLatency(Duration.ZERO);
        db.validationResult(false);
        assertFalse(connection.isValid(1));
        assertEquals(3, connection.isValidCount());
        assertThrows(SQLException.class, () -> connection.isValid(-1));
    }

    @Test
    void warningsAccumulateUntilCleared() throws SQLException {
        connection.addWarning(new SQLWarning("one"));
        connection.addWarning(new SQLWarning("two"));
        assertEquals("two", connection.getWarnings().getNextWarning().getMessage());
        connection.clearWarnings();
        assertNull(connection.getWarnings());
        assertEquals(1, connection.clearWarningsCount());
    }

    @Test
    void metaDataDescribesTheStubAndPointsBack() throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        assertEquals("Stub", md.getDatabaseProductName());
        assertEquals(db.url(), md.getURL());
        assertSame(connection, md.getConnection());
    }

    @Test
    void unsupportedCallsThrowFeatureNotSupported() {
        assertThrows(SQLFeatureNotSupportedException.class, connection::createBlob);
    }

    @Test
    void aMockOverridesOnlyWhatItNeeds() throws SQLException {
        ConnectionDefaults flaky = new ConnectionDefaults() {
            @Override
            public boolean isValid(int timeout) {
                return false;
            }
        };
        assertFalse(flaky.isValid(1));
        assertThrows(SQLFeatureNotSupportedException.class, flaky::commit);
        assertTrue(flaky.isWrapperFor(Connection.class));
    }
}
