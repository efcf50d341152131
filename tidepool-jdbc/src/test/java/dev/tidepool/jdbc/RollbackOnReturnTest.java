package dev.tidepool.jdbc;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Uncommitted work never survives a return: on H2, a real transactional database. */
class RollbackOnReturnTest {

    @Test
    void workLeftUncommittedIsRolledBackOnReturn() throws SQLException {
        try (TidepoolDataSource ds = new TidepoolDataSource(Pools.config(Pools.h2Url("rollback")).maxSize(2).build())) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t(id INT PRIMARY KEY)");
            }
            Connection c = ds.getConnection();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO t VALUES (1)");
            }
            c.close(); // no commit

            try (Connection next = ds.getConnection(); Connection second = ds.getConnection()) {
                assertTrue(next.getAutoCommit(), "auto-commit restored");
                assertEquals(0, count(next));
                assertEquals(0, count(second));
            }
        }
    }

    private static int count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
