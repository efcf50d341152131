package dev.tidepool.jdbc;

import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The objects a borrower gets are wrappers, and they never hand out the driver's objects by accident. */
class WrapperTest {
    private static TidepoolDataSource ds;

    @BeforeAll
    static void start() throws SQLException {
        ds = new TidepoolDataSource(Pools.config(Pools.h2Url("wrappers")).build());
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t(id INT PRIMARY KEY)");
            s.execute("INSERT INTO t VALUES (1)");
            s.execute("CREATE ALIAS ECHO FOR 'java.lang.String.valueOf(int)'");
        }
    }

    @AfterAll
    static void stop() {
        ds.close();
    }

    @Test
    void everyObjectLeadsBackToTheConnectionWrapper() throws SQLException {
        try (Connection c = ds.getConnection()) {
            assertFalse(c instanceof JdbcConnection);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM t")) {
                assertSame(c, s.getConnection());
                assertSame(s, rs.getStatement());
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM t WHERE id = ?")) {
                ps.setInt(1, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    assertSame(c, ps.getConnection());
                    assertSame(ps, rs.getStatement());
                }
            }
            try (CallableStatement cs = c.prepareCall("CALL ECHO(?)")) {
                cs.setInt(1, 7);
                try (ResultSet rs = cs.executeQuery()) {
                    assertSame(c, cs.getConnection());
                    assertSame(cs, rs.getStatement());
                    assertTrue(rs.next());
                    assertEquals("7", rs.getString(1));
                }
            }
            DatabaseMetaData md = c.getMetaData();
            assertSame(c, md.getConnection());
            try (ResultSet tables = md.getTables(null, null, "T", null)) {
                assertTrue(tables.next());
                assertFalse(tables.getStatement() instanceof org.h2.jdbc.JdbcStatement);
            }
        }
    }

    @Test
    void unwrapReachesTheDriversObjects() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertTrue(c.isWrapperFor(JdbcConnection.class));
            assertTrue(c.isWrapperFor(Connection.class));
            assertFalse(c.isWrapperFor(String.class));
            assertSame(c, c.unwrap(Connection.class));
            JdbcConnection raw = c.unwrap(JdbcConnection.class);
            assertNotSame(c, raw);
            assertTrue(s.isWrapperFor(org.h2.jdbc.JdbcStatement.class));
            assertTrue(s.unwrap(org.h2.jdbc.JdbcStatement.class) instanceof org.h2.jdbc.JdbcStatement);
            assertThrows(SQLException.class, () -> c.unwrap(String.class));
        }
    }

    @Test
    void aClosedConnectionFailsWithThePoolNameAnd08003() throws SQLException {
        Connection c = ds.getConnection();
        c.close();
        assertTrue(c.isClosed());
        SQLException e = assertThrows(SQLException.class, c::createStatement);
        assertEquals(ds.poolName() + " - connection is closed", e.getMessage());
        assertEquals("08003", e.getSQLState());
        assertThrows(SQLException.class, () -> c.setAutoCommit(false));
        assertThrows(SQLException.class, c::commit);
        assertThrows(SQLException.class, () -> c.unwrap(JdbcConnection.class));
        assertFalse(c.isValid(1));
    }

    @Test
    void closingTwiceIsANoOp() throws SQLException {
        int before = ds.stats().idle() + ds.stats().active();
        Connection c = ds.getConnection();
        Statement s = c.createStatement();
        s.close();
        assertDoesNotThrow(s::close);
        c.close();
        assertDoesNotThrow(c::close);
        assertEquals(0, ds.stats().active());
        assertTrue(ds.stats().total() >= before);
    }

    @Test
    void aStatementKeptAfterReturnCannotReachTheReLentConnection() throws SQLException {
        Connection first = ds.getConnection();
        Statement kept = first.createStatement();
        first.close();
        assertTrue(kept.isClosed(), "the pool closes statements left open");
        try (Connection second = ds.getConnection()) {
            SQLException e = assertThrows(SQLException.class, () -> kept.executeQuery("SELECT 1"));
            assertEquals(ds.poolName() + " - connection is closed", e.getMessage());
            assertFalse(second.isClosed());
        }
    }

    @Test
    void metadataKeptAfterReturnCannotReachTheReLentConnection() throws SQLException {
        Connection first = ds.getConnection();
        DatabaseMetaData kept = first.getMetaData();
        assertTrue(kept.getTables(null, null, "T", null).next(), "metadata works while the connection is borrowed");
        first.close();
        try (Connection second = ds.getConnection()) {
            SQLException e = assertThrows(SQLException.class, () -> kept.getTables(null, null, "T", null));
            assertEquals(ds.poolName() + " - connection is closed", e.getMessage());
            assertEquals("08003", e.getSQLState());
            assertThrows(SQLException.class, kept::getUserName);
            assertFalse(second.isClosed());
        }
    }

    @Test
    void toStringNamesThePoolButNoCredentials() throws SQLException {
        try (Connection c = ds.getConnection()) {
            assertTrue(c.toString().startsWith("TidepoolConnection{" + ds.poolName()), c.toString());
        }
        assertTrue(ds.toString().startsWith("TidepoolDataSource{" + ds.poolName()), ds.toString());
    }
}
