package dev.tidepool.jdbc.session;

import static dev.tidepool.jdbc.session.SessionDb.execute;
import static dev.tidepool.jdbc.session.SessionDb.query;
import static dev.tidepool.jdbc.session.SessionDb.runPrepared;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.SessionReset;
import dev.tidepool.jdbc.TidepoolDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, item 6: the full session reset also drops the server's prepared statements; the
 * drivers' caches of them must follow, or the next borrower's prepared statement fails with
 * "prepared statement does not exist". Each test uses a statement often enough for the driver to
 * prepare it on the server, resets the session, and uses the same SQL again on the same session.
 */
class PreparedStatementCacheTest {

    private static final int USES = 12;

    @Test
    void postgresServerPreparedStatementsWorkAfterDiscardAll() throws SQLException {
        SessionDb db = SessionDb.POSTGRESQL;
        String sql = "select ?::int + 1 /* tp_sess_ps */";
        try (TidepoolDataSource ds = new TidepoolDataSource(db.onePool(SessionReset.AUTO, "prepareThreshold=5").build())) {
            long session;
            try (Connection c = ds.getConnection()) {
                session = db.sessionId(c);
                runPrepared(c, sql, USES);
                assertTrue(serverPrepared(c) > 0, "pgjdbc prepared the statement on the server after 5 uses");
                execute(c, "SET statement_timeout = 0"); // session state: a full reset on return
            }
            try (Connection c = ds.getConnection()) {
                assertEquals(session, db.sessionId(c), "the same session");
                assertEquals(0, serverPrepared(c), "DISCARD ALL deallocated the server's prepared statements");
                assertEquals(USES, runPrepared(c, sql, USES), "the driver prepares the statement again");
                assertTrue(serverPrepared(c) > 0);
            }
            try (Connection c = ds.getConnection()) {
                assertEquals(USES, runPrepared(c, sql, USES), "and keeps using it when no reset happened");
            }
        }
    }

    private static int serverPrepared(Connection c) throws SQLException {
        return Integer.parseInt(query(c, "select count(*) from pg_prepared_statements where statement like '%tp_sess_ps%'"));
    }

    @Test
    void mariaDbServerPreparedStatementsWorkAfterResetConnection() throws SQLException {
        SessionDb db = SessionDb.MARIADB;
        String sql = "select ? + 1";
        try (TidepoolDataSource ds = new TidepoolDataSource(db.onePool(SessionReset.AUTO, "useServerPrepStmts=true").build())) {
            long session;
            try (Connection c = ds.getConnection()) {
                session = db.sessionId(c);
                runPrepared(c, sql, USES);
                execute(c, "SET @x = 1"); // session state: a full reset on return
            }
            try (Connection c = ds.getConnection()) {
                assertEquals(session, db.sessionId(c), "the same session");
                assertEquals(null, query(c, "select @x"), "the session was reset");
                assertEquals(USES, runPrepared(c, sql, USES), "the driver prepares the statement again");
            }
        }
    }

    @Test
    void sessionResetAlwaysKeepsPreparedStatementsWorkingOnBoth() throws SQLException {
        for (SessionDb db : SessionDb.values()) {
            String params = db == SessionDb.POSTGRESQL ? "prepareThreshold=1" : "useServerPrepStmts=true";
            try (TidepoolDataSource ds = new TidepoolDataSource(db.onePool(SessionReset.ALWAYS, params).build())) {
                for (int round = 0; round < 5; round++) {
                    try (Connection c = ds.getConnection()) {
                        assertEquals(USES, runPrepared(c, "select ? + 1", USES), db + ", round " + round);
                    }
                }
            }
        }
    }
}
