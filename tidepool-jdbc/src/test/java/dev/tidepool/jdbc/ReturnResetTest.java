package dev.tidepool.jdbc;

import dev.tidepool.testkit.StubConnection;
import dev.tidepool.testkit.StubConnection.Call;
import dev.tidepool.testkit.StubDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the pool does when a connection comes back: on the stub driver, which counts every call. */
class ReturnResetTest {
    private StubDatabase db;
    private TidepoolDataSource ds;
    private StubConnection physical;

    @BeforeEach
    void start() throws SQLException {
        db = StubDatabase.create();
        ds = new TidepoolDataSource(Pools.config(db.url()).maxSize(1).build());
        physical = db.connections().get(0);
    }

    @AfterEach
    void stop() {
        ds.close();
        db.close();
    }

    private Map<Call, Integer> counts() {
        Map<Call, Integer> m = new EnumMap<>(Call.class);
        for (Call c : Call.values()) {
            m.put(c, physical.count(c));
        }
        return m;
    }

    @Test
    void aReturnWithNothingChangedCallsNoSetter() throws SQLException {
        Connection c = ds.getConnection();
        Map<Call, Integer> before = counts();
        try (Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        }
        c.close();
        Map<Call, Integer> after = counts();
        for (Call call : Call.values()) {
            if (call.name().startsWith("SET_") || call == Call.ROLLBACK || call == Call.COMMIT) {
                assertEquals(before.get(call), after.get(call), call + " was called on return");
            }
        }
    }

    enum Attribute { AUTO_COMMIT, TRANSACTION_ISOLATION, READ_ONLY, CATALOG, SCHEMA, HOLDABILITY, NETWORK_TIMEOUT }

    @ParameterizedTest
    @EnumSource(Attribute.class)
    void aChangedAttributeIsRestoredOnReturnAndOnlyIt(Attribute attribute) throws SQLException {
        Object initial = read(physical, attribute);
        Connection c = ds.getConnection();
        Map<Call, Integer> before = counts();
        change(c, attribute);
        c.close();
        Map<Call, Integer> after = counts();
        assertEquals(initial, read(physical, attribute), attribute + " restored");
        Call setter = Call.valueOf("SET_" + attribute.name());
        // A reset that talks to the server runs under a network timeout: setNetworkTimeout(bound)
        // before and setNetworkTimeout(default) after (issue 4: nothing may hang on return).
        int bracket = 2;
        int expected = setter == Call.SET_NETWORK_TIMEOUT ? 2 + bracket : 2;
        assertEquals(before.get(setter) + expected, after.get(setter), "the borrower's call and the restore");
        for (Call call : Call.values()) {
            if (call == Call.SET_NETWORK_TIMEOUT && call != setter) {
                assertEquals(before.get(call) + bracket, after.get(call), "only the reset's timeout bracket");
            } else if (call.name().startsWith("SET_") && call != setter) {
                assertEquals(before.get(call), after.get(call), call + " must not be called");
            }
        }
    }

    private static void change(Connection c, Attribute a) throws SQLException {
        switch (a) {
            case AUTO_COMMIT -> c.setAutoCommit(false);
            case TRANSACTION_ISOLATION -> c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            case READ_ONLY -> c.setReadOnly(true);
            case CATALOG -> c.setCatalog("other");
            case SCHEMA -> c.setSchema("other");
            case HOLDABILITY -> c.setHoldability(ResultSet.CLOSE_CURSORS_AT_COMMIT);
            case NETWORK_TIMEOUT -> c.setNetworkTimeout(Runnable::run, 12_345);
        }
    }

    private static Object read(StubConnection c, Attribute a) throws SQLException {
        return switch (a) {
            case AUTO_COMMIT -> c.getAutoCommit();
            case TRANSACTION_ISOLATION -> c.getTransactionIsolation();
            case READ_ONLY -> c.isReadOnly();
            case CATALOG -> c.getCatalog();
            case SCHEMA -> c.getSchema();
            case HOLDABILITY -> c.getHoldability();
            case NETWORK_TIMEOUT -> c.getNetworkTimeout();
        };
    }

    @Test
    void anOpenTransactionIsRolledBackBeforeAutoCommitIsRestored() throws SQLException {
        Connection c = ds.getConnection();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO t VALUES (1)");
        }
        assertTrue(physical.inTransaction());
        int rollbacks = physical.rollbackCount();
        int commits = physical.commitCount();
        c.close();
        // Restoring auto-commit first would have committed the borrower's work.
        assertEquals(rollbacks + 1, physical.rollbackCount());
        assertEquals(commits, physical.commitCount());
        assertFalse(physical.inTransaction());
        assertTrue(physical.getAutoCommit());
    }

    @Test
    void aCommittedTransactionIsNotRolledBack() throws SQLException {
        Connection c = ds.getConnection();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO t VALUES (1)");
        }
        c.commit();
        int rollbacks = physical.rollbackCount();
        c.close();
        assertEquals(rollbacks, physical.rollbackCount());
    }

    @Test
    void statementsLeftOpenAreClosedOnReturn() throws SQLException {
        Connection c = ds.getConnection();
        Statement s = c.createStatement();
        PreparedStatement ps = c.prepareStatement("SELECT ?");
        CallableStatement cs = c.prepareCall("{call p()}");
        Statement closedByBorrower = c.createStatement();
        closedByBorrower.close();
        assertEquals(3, physical.openStatementCount());
        c.close();
        assertEquals(0, physical.openStatementCount());
        assertTrue(s.isClosed());
        assertTrue(ps.isClosed());
        assertTrue(cs.isClosed());
    }

    @Test
    void warningsAreClearedOnReturn() throws SQLException {
        Connection c = ds.getConnection();
        physical.addWarning(new SQLWarning("notice"));
        c.close();
        try (Connection again = ds.getConnection()) {
            assertNull(again.getWarnings());
        }
    }

    @Test
    void aResetThatFailsDestroysTheConnection() throws SQLException {
        Connection c = ds.getConnection();
        c.setReadOnly(true);
        physical.kill(); // behind the pool's back: only the reset finds out
        c.close();
        Pools.await("the connection is closed", () -> physical.isClosed());
        try (Connection fresh = ds.getConnection()) {
            assertFalse(fresh.isReadOnly());
        }
        assertEquals(2, db.totalOpened());
    }

    @Test
    void aDeadConnectionIsMarkedAndDestroyedOnReturn() throws SQLException {
        Connection c = ds.getConnection();
        physical.kill();
        try (Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        } catch (SQLException e) {
            assertEquals("08006", e.getSQLState());
        }
        c.close();
        Pools.await("the dead connection is aborted", () -> physical.count(Call.ABORT) == 1);
        try (Connection fresh = ds.getConnection()) {
            assertTrue(fresh.isValid(1));
        }
        assertEquals(2, db.totalOpened());
    }

    @Test
    void ordinaryErrorsDoNotCondemnTheConnection() throws SQLException {
        for (String state : new String[] {"42601", "23505", "40001", "40P01"}) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                physical.failNextExecute(new SQLException("ordinary " + state, state));
                SQLException e = assertThrows(SQLException.class, () -> s.execute("SELECT 1"));
                assertEquals(state, e.getSQLState());
            }
        }
        try (Connection c = ds.getConnection()) {
            assertSame(physical, c.unwrap(StubConnection.class));
        }
        assertEquals(1, db.totalOpened());
        assertEquals(0, physical.count(Call.ABORT));
    }

    @Test
    void holdersShowTheBorrowerAndItsLastSql() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("UPDATE t SET x = 1");
            ConnectionHolder h = ds.holders().get(0);
            assertSame(Thread.currentThread(), h.thread());
            assertEquals("UPDATE t SET x = 1", h.lastSql());
            assertTrue(h.inTransaction());
        }
        assertTrue(ds.holders().isEmpty());
    }
}
