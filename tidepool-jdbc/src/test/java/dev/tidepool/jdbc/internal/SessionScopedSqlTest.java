package dev.tidepool.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which SQL outlives its transaction behind a transaction-mode PgBouncer (issue 12), among what
 * SessionStateDetector flags: the session-scoped kinds are named, the transaction-scoped ones pass.
 */
class SessionScopedSqlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "SET search_path TO app|SET without LOCAL",
        "set session statement_timeout = 0|SET without LOCAL",
        "SET ROLE reporting|SET without LOCAL",
        "/* hint */ RESET ALL|RESET",
        "select pg_advisory_lock(1)|session-level advisory lock",
        "SELECT pg_try_advisory_lock_shared(1, 2)|session-level advisory lock",
        "select set_config('app.user', 'x', false)|set_config(..., false)",
        "create temp table scratch (id int)|temporary table",
        "CREATE TEMPORARY TABLE scratch AS SELECT 1|temporary table",
        "select * into temp scratch from orders|temporary table",
        "LISTEN orders|LISTEN",
        "PREPARE q AS SELECT 1|PREPARE",
        "DECLARE c CURSOR WITH HOLD FOR SELECT 1|cursor WITH HOLD",
        "select 1; SET search_path TO app|SET without LOCAL"})
    void sessionScopedSqlIsNamed(String sql, String what) {
        assertTrue(SessionStateDetector.changesSession(sql), "the detector flags it first");
        SessionScopedSql.Kind kind = SessionScopedSql.of(sql);
        assertEquals(what, kind == null ? null : kind.what());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "SET LOCAL search_path TO app",
        "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
        "SET CONSTRAINTS ALL DEFERRED",
        "BEGIN",
        "START TRANSACTION",
        "LOCK TABLE orders IN SHARE MODE",
        "select set_config('app.user', 'x', true)",
        "create temp table scratch (id int) on commit drop",
        "DECLARE c CURSOR FOR SELECT 1",
        "PREPARE TRANSACTION 'tx1'",
        "DO $$ BEGIN PERFORM 1; END $$"})
    void transactionScopedSqlPasses(String sql) {
        assertTrue(SessionStateDetector.changesSession(sql), "the detector flags it first");
        assertNull(SessionScopedSql.of(sql));
    }
}
