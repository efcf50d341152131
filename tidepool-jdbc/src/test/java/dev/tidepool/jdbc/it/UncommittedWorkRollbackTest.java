package dev.tidepool.jdbc.it;

import dev.tidepool.testkit.Poll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A borrower that returns its connection inside a transaction leaves nothing behind (DESIGN.md
 * goal 1, "no open transaction"): the pool rolls back, so the uncommitted row never becomes
 * visible to anyone, and the next borrower of the connection is not in a transaction.
 */
class UncommittedWorkRollbackTest {

    private static final Duration RESET_BOUND = Duration.ofSeconds(5);

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void uncommittedInsertIsRolledBackWhenTheConnectionIsReturned(Backend backend) throws Exception {
        try (ItDatabase db = backend.open()) {
            String table = db.createTable();
            String count = "select count(*) from " + table;
            long session;
            try (TidepoolDataSource ds = new TidepoolDataSource(db.pool("rollback").maxSize(1).minIdle(1).build())) {
                try (Connection c = ds.getConnection()) {
                    session = db.sessionId(c);
                    c.setAutoCommit(false);
                    try (PreparedStatement insert = c.prepareStatement("insert into " + table + " (id, v) values (?, ?)")) {
                        insert.setInt(1, 1);
                        insert.setInt(2, 42);
                        assertEquals(1, insert.executeUpdate());
                    }
                    // Guards the test itself: the row and the transaction exist, and the probe sees the transaction.
                    assertEquals(1, ItDatabase.queryInt(c, count), "the borrower sees its own insert");
                    assertEquals(1, db.openTransactions(session), "the server shows the borrower's open transaction");
                } // returned without commit

                assertEquals(0, Poll.until(RESET_BOUND, () -> db.openTransactions(session), n -> n == 0),
                        "open transactions of the returned, idle connection");
                assertEquals(0, countIndependently(db, count), "rows seen by an independent connection after the return");

                try (Connection c = ds.getConnection()) {
                    assertEquals(session, db.sessionId(c), "maxSize 1 lends the same physical connection");
                    assertTrue(c.getAutoCommit(), "the next borrower gets auto-commit back");
                    assertEquals(0, ItDatabase.queryInt(c, count), "rows seen by the next borrower");
                    assertEquals(0, db.openTransactions(session), "open transactions while the next borrower holds it");
                }
                assertEquals(0, countIndependently(db, count), "rows seen by an independent connection");
            }
            assertEquals(0, countIndependently(db, count), "rows seen after the pool closed (closing must not commit)");
        }
    }

    private static int countIndependently(ItDatabase db, String count) throws SQLException {
        try (Connection independent = db.direct()) {
            return ItDatabase.queryInt(independent, count);
        }
    }
}
