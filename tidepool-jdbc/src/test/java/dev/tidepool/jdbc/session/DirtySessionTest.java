package dev.tidepool.jdbc.session;

import static dev.tidepool.jdbc.session.SessionDb.execute;
import static dev.tidepool.jdbc.session.SessionDb.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.SessionReset;
import dev.tidepool.jdbc.TidepoolDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, item 6: session state a borrower changed with SQL the driver cannot see is gone for the
 * next borrower of the same physical connection (a pool of one connection, so the next borrower
 * always gets the same session; every test checks the session id to be sure). With
 * {@code sessionReset=never} the same state is still there, which shows these checks can fail.
 */
class DirtySessionTest {

    private final long lockKey = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private final String lockName = SessionDb.uniqueName("lock");

    // ------------------------------------------------------------------ PostgreSQL

    /** What a borrower of a fresh PostgreSQL session sees; compared before and after a dirty borrow. */
    private Map<String, String> postgresView(Connection c, SessionDb db) throws SQLException {
        Map<String, String> view = new TreeMap<>();
        view.put("search_path", query(c, "select current_setting('search_path')"));
        view.put("current_user", query(c, "select current_user"));
        view.put("statement_timeout", query(c, "select current_setting('statement_timeout')"));
        view.put("tidepool.x", String.valueOf(query(c, "select coalesce(current_setting('tidepool.x', true), '')")));
        view.put("temp table", query(c, "select coalesce(to_regclass('pg_temp.tp_sess_temp')::text, 'none')"));
        view.put("prepared tp_sess_p", query(c, "select count(*) from pg_prepared_statements where name = 'tp_sess_p'"));
        view.put("listening", query(c, "select count(*) from pg_listening_channels()"));
        view.put("advisory lock free elsewhere", String.valueOf(advisoryLockFreeElsewhere(db)));
        return view;
    }

    private boolean advisoryLockFreeElsewhere(SessionDb db) throws SQLException {
        try (Connection other = db.direct()) {
            boolean free = "t".equals(query(other, "select pg_try_advisory_lock(" + lockKey + ")"));
            if (free) {
                query(other, "select pg_advisory_unlock(" + lockKey + ")");
            }
            return free;
        }
    }

    private void dirtyPostgresSession(Connection c, String role) throws SQLException {
        execute(c, "SET search_path = tp_sess_elsewhere, public");
        execute(c, "SET statement_timeout = 12345");
        query(c, "SELECT set_config('tidepool.x', 'dirty', false)");
        execute(c, "CREATE TEMP TABLE tp_sess_temp (id int)");
        query(c, "SELECT pg_advisory_lock(" + lockKey + ")");
        execute(c, "PREPARE tp_sess_p AS SELECT 1");
        execute(c, "LISTEN tp_sess_channel");
        execute(c, "SET ROLE " + role); // last: the statements above run as the pool's user
    }

    /** Runs one dirty borrow and one clean one on a pool of one; returns the views before, dirty and after. */
    private Map<String, String>[] postgresRound(SessionReset mode) throws SQLException {
        SessionDb db = SessionDb.POSTGRESQL;
        String role = SessionDb.uniqueName("role");
        try (Connection admin = db.direct()) {
            execute(admin, "CREATE ROLE " + role + " NOLOGIN");
            try (TidepoolDataSource ds = new TidepoolDataSource(db.onePool(mode, null).build())) {
                @SuppressWarnings("unchecked")
                Map<String, String>[] views = new Map[3];
                long session;
                try (Connection c = ds.getConnection()) {
                    session = db.sessionId(c);
                    views[0] = postgresView(c, db);
                }
                try (Connection c = ds.getConnection()) {
                    assertEquals(session, db.sessionId(c), "a pool of one lends the same session");
                    dirtyPostgresSession(c, role);
                    views[1] = postgresView(c, db);
                }
                try (Connection c = ds.getConnection()) {
                    assertEquals(session, db.sessionId(c), "the same session, reset, not a new one");
                    views[2] = postgresView(c, db);
                }
                return views;
            } finally {
                execute(admin, "DROP ROLE IF EXISTS " + role);
            }
        }
    }

    @Test
    void postgresSessionStateChangedBySqlIsGoneForTheNextBorrower() throws SQLException {
        Map<String, String>[] views = postgresRound(SessionReset.AUTO);
        assertEquals("false", views[1].get("advisory lock free elsewhere"), "the dirty borrow held the lock");
        for (String key : views[0].keySet()) {
            assertNotEquals(views[0].get(key), views[1].get(key), key + " was changed by the dirty borrow");
        }
        assertEquals(views[0], views[2], "the next borrower sees a fresh session");
    }

    @Test
    void postgresSessionStateStaysWithSessionResetNever() throws SQLException {
        Map<String, String>[] views = postgresRound(SessionReset.NEVER);
        assertEquals(views[1], views[2], "never: the next borrower inherits everything (so the checks above can fail)");
    }

    @Test
    void postgresSessionResetAlwaysResetsWhatTheDetectorCannotSee() throws SQLException {
        SessionDb db = SessionDb.POSTGRESQL;
        String function = SessionDb.uniqueName("fn");
        try (Connection admin = db.direct()) {
            execute(admin, "CREATE FUNCTION " + function + "() RETURNS text LANGUAGE sql AS "
                    + "$$ SELECT set_config('search_path', 'tp_sess_hidden', false) $$");
            try {
                assertEquals("tp_sess_hidden",
                        readAfterHiddenChange(db, SessionReset.AUTO, "select " + function + "()", SEARCH_PATH),
                        "auto cannot see a change made inside a function: the documented reason for always");
                assertEquals(query(admin, SEARCH_PATH),
                        readAfterHiddenChange(db, SessionReset.ALWAYS, "select " + function + "()", SEARCH_PATH),
                        "always resets on every return");
            } finally {
                execute(admin, "DROP FUNCTION IF EXISTS " + function + "()");
            }
        }
    }

    private static final String SEARCH_PATH = "select current_setting('search_path')";

    /**
     * Runs {@code hiddenChange} (SQL whose session change the detector cannot see) in one borrow of
     * a one-connection pool, and answers {@code read} in the next borrow, on the same server session.
     */
    private String readAfterHiddenChange(SessionDb db, SessionReset mode, String hiddenChange, String read)
            throws SQLException {
        try (TidepoolDataSource ds = new TidepoolDataSource(db.onePool(mode, null).build())) {
            long session;
            try (Connection c = ds.getConnection()) {
                session = db.sessionId(c);
                execute(c, hiddenChange);
            }
            try (Connection c = ds.getConnection()) {
                assertEquals(session, db.sessionId(c));
                return query(c, read);
            }
        }
    }

    /**
     * SQL run on the driver's own statement (reached by {@code unwrap}) passes no wrapper, so the
     * detector cannot see it: unwrapping a statement exposes the session just as unwrapping the
     * connection does, and the return resets it.
     */
    @Test
    void postgresSqlOnAnUnwrappedStatementIsGoneForTheNextBorrower() throws Exception {
        SessionDb db = SessionDb.POSTGRESQL;
        Class<?> driverStatement = Class.forName("org.postgresql.PGStatement");
        try (TidepoolDataSource ds = new TidepoolDataSource(db.onePool(SessionReset.AUTO, null).build())) {
            long session;
            String fresh;
            try (Connection c = ds.getConnection()) {
                session = db.sessionId(c);
                fresh = query(c, SEARCH_PATH);
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                Statement driverOwn = (Statement) s.unwrap(driverStatement);
                driverOwn.execute("SET search_path = tp_sess_unwrapped");
                assertEquals("tp_sess_unwrapped", query(c, SEARCH_PATH));
            }
            try (Connection c = ds.getConnection()) {
                assertEquals(session, db.sessionId(c), "the same session, reset, not a new one");
                assertEquals(fresh, query(c, SEARCH_PATH));
            }
        }
    }

    @Test
    void postgresConfiguredSessionAndInitSqlAreBackAfterTheFullReset() throws SQLException {
        SessionDb db = SessionDb.POSTGRESQL;
        try (TidepoolDataSource ds = new TidepoolDataSource(db.onePool(SessionReset.ALWAYS, null)
                .connectionInitSql("SET statement_timeout = 54321").autoCommit(false)
                .transactionIsolation(Connection.TRANSACTION_SERIALIZABLE).readOnly(true).schema("pg_catalog").build())) {
            for (int round = 0; round < 3; round++) {
                try (Connection c = ds.getConnection()) {
                    assertEquals("54321ms", query(c, "select current_setting('statement_timeout')"), "init SQL, round " + round);
                    assertEquals("serializable", query(c, "select current_setting('transaction_isolation')"));
                    assertEquals("on", query(c, "select current_setting('transaction_read_only')"));
                    assertEquals("pg_catalog", query(c, "select current_schema()"));
                    assertEquals(false, c.getAutoCommit());
                    assertEquals(Connection.TRANSACTION_SERIALIZABLE, c.getTransactionIsolation());
                    assertEquals(true, c.isReadOnly());
                    c.rollback();
                    c.setReadOnly(false);
                    c.setAutoCommit(true);
                    execute(c, "SET statement_timeout = 1");
                }
            }
        }
    }

    // ------------------------------------------------------------------ MariaDB

    private Map<String, String> mariaDbView(Connection c, SessionDb db) throws SQLException {
        Map<String, String> view = new TreeMap<>();
        view.put("@x", String.valueOf(query(c, "select @x")));
        view.put("wait_timeout", query(c, "select @@session.wait_timeout"));
        view.put("database()", query(c, "select database()"));
        view.put("temp table", tempTableExists(c) ? "exists" : "none");
        view.put("prepared", preparedExists(c) ? "exists" : "none");
        try (Connection other = db.direct()) {
            view.put("lock free elsewhere", query(other, "select is_free_lock('" + lockName + "')"));
        }
        return view;
    }

    private static boolean tempTableExists(Connection c) throws SQLException {
        try {
            query(c, "select count(*) from test.tp_sess_temp");
            return true;
        } catch (SQLException e) {
            assertEquals(1146, e.getErrorCode(), "table doesn't exist: " + e);
            return false;
        }
    }

    private static boolean preparedExists(Connection c) throws SQLException {
        try {
            execute(c, "EXECUTE tp_sess_p");
            return true;
        } catch (SQLException e) {
            assertEquals(1243, e.getErrorCode(), "unknown prepared statement: " + e);
            return false;
        }
    }

    private Map<String, String>[] mariaDbRound(SessionReset mode) throws SQLException {
        SessionDb db = SessionDb.MARIADB;
        String otherDb = SessionDb.uniqueName("db");
        try (Connection admin = db.direct()) {
            execute(admin, "CREATE DATABASE " + otherDb);
            try (TidepoolDataSource ds = new TidepoolDataSource(db.onePool(mode, null).build())) {
                @SuppressWarnings("unchecked")
                Map<String, String>[] views = new Map[3];
                long session;
                try (Connection c = ds.getConnection()) {
                    session = db.sessionId(c);
                    views[0] = mariaDbView(c, db);
                }
                try (Connection c = ds.getConnection()) {
                    assertEquals(session, db.sessionId(c), "a pool of one lends the same session");
                    execute(c, "SET @x = 42");
                    execute(c, "SET SESSION wait_timeout = 12345");
                    execute(c, "CREATE TEMPORARY TABLE test.tp_sess_temp (id int)");
                    assertEquals("1", query(c, "SELECT GET_LOCK('" + lockName + "', 0)"));
                    execute(c, "PREPARE tp_sess_p FROM 'SELECT 1'");
                    execute(c, "USE " + otherDb);
                    views[1] = mariaDbView(c, db);
                }
                try (Connection c = ds.getConnection()) {
                    assertEquals(session, db.sessionId(c), "the same session, reset, not a new one");
                    views[2] = mariaDbView(c, db);
                }
                return views;
            } finally {
                execute(admin, "DROP DATABASE IF EXISTS " + otherDb);
            }
        }
    }

    @Test
    void mariaDbSessionStateChangedBySqlIsGoneForTheNextBorrower() throws SQLException {
        Map<String, String>[] views = mariaDbRound(SessionReset.AUTO);
        for (String key : views[0].keySet()) {
            assertNotEquals(views[0].get(key), views[1].get(key), key + " was changed by the dirty borrow");
        }
        assertEquals(views[0], views[2], "the next borrower sees a fresh session");
        assertEquals("null", views[2].get("@x"));
        assertEquals("test", views[2].get("database()"));
    }

    @Test
    void mariaDbSessionStateStaysWithSessionResetNever() throws SQLException {
        Map<String, String>[] views = mariaDbRound(SessionReset.NEVER);
        assertEquals(views[1], views[2], "never: the next borrower inherits everything (so the checks above can fail)");
    }

    @Test
    void mariaDbSessionResetAlwaysResetsWithoutDetectedSql() throws SQLException {
        SessionDb db = SessionDb.MARIADB;
        String procedure = SessionDb.uniqueName("proc");
        try (Connection admin = db.direct()) {
            execute(admin, "CREATE PROCEDURE test." + procedure + "() BEGIN SET @x = 7; END");
            try {
                assertEquals("7", readAfterHiddenChange(db, SessionReset.AUTO, "CALL " + procedure + "()", "select @x"),
                        "auto cannot see a change made inside a procedure: the documented reason for always");
                assertEquals(null,
                        readAfterHiddenChange(db, SessionReset.ALWAYS, "CALL " + procedure + "()", "select @x"));
            } finally {
                execute(admin, "DROP PROCEDURE IF EXISTS test." + procedure);
            }
        }
    }

    @Test
    void mariaDbConfiguredSessionIsBackAfterTheFullReset() throws SQLException {
        SessionDb db = SessionDb.MARIADB;
        try (TidepoolDataSource ds = new TidepoolDataSource(db.onePool(SessionReset.ALWAYS, null)
                .connectionInitSql("SET SESSION wait_timeout = 5432").autoCommit(false)
                .transactionIsolation(Connection.TRANSACTION_SERIALIZABLE).readOnly(true).build())) {
            for (int round = 0; round < 3; round++) {
                try (Connection c = ds.getConnection()) {
                    assertEquals("5432", query(c, "select @@session.wait_timeout"), "init SQL, round " + round);
                    assertEquals("SERIALIZABLE", query(c, "select @@session.tx_isolation"), "round " + round);
                    assertEquals("0", query(c, "select @@session.autocommit"), "round " + round);
                    assertEquals(false, c.getAutoCommit());
                    assertEquals(Connection.TRANSACTION_SERIALIZABLE, c.getTransactionIsolation());
                    assertEquals(true, c.isReadOnly());
                    c.rollback();
                    c.setReadOnly(false);
                    c.setAutoCommit(true);
                    execute(c, "SET SESSION wait_timeout = 11");
                }
            }
        }
    }

    // ------------------------------------------------------------------ no full reset (H2)

    @Test
    void withoutAFullResetTheConnectionIsClosedInsteadOfReused() throws SQLException {
        String url = "jdbc:h2:mem:" + SessionDb.uniqueName("h2") + ";DB_CLOSE_DELAY=-1";
        try (TidepoolDataSource ds = new TidepoolDataSource(dev.tidepool.jdbc.TidepoolConfig.builder()
                .jdbcUrl(url).poolName(SessionDb.uniqueName("h2pool")).maxSize(1).minIdle(0).build())) {
            String first;
            try (Connection c = ds.getConnection()) {
                first = query(c, "select session_id()");
            }
            try (Connection c = ds.getConnection()) {
                assertEquals(first, query(c, "select session_id()"), "nothing changed: the same session is reused");
                execute(c, "SET @x = 1");
            }
            try (Connection c = ds.getConnection()) {
                assertNotEquals(first, query(c, "select session_id()"), "H2 has no session reset: a new session");
                assertEquals(null, query(c, "select @x"));
            }
            assertTrue(ds.stats().destroyed() >= 1);
        }
        assertThrows(IllegalArgumentException.class, () -> SessionReset.valueOf("SOMETIMES"));
    }
}
