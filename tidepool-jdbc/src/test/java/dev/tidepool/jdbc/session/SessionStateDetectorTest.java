package dev.tidepool.jdbc.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.internal.SessionStateDetector;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SQL scanner behind {@code sessionReset=auto} (issue 4, item 6). */
class SessionStateDetectorTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "SET search_path = other",
        "set role tidepool_pw",
        "SET statement_timeout = 1000",
        "SET SESSION sql_mode = ''",
        "set @x = 1",
        "SET LOCAL work_mem = '1MB'",
        "RESET ALL",
        "  \n\t SET x = 1",
        "-- a comment\nSET x = 1",
        "# MariaDB comment\nSET @x := 1",
        "/* a comment */ SET x = 1",
        "/* outer /* nested */ still comment */set x = 1",
        "(SET x = 1)",
        "SELECT set_config('search_path', 'other', false)",
        "select pg_catalog.SET_CONFIG('a.b', 'c', false)",
        "SELECT pg_advisory_lock(42)",
        "SELECT pg_try_advisory_lock(42)",
        "SELECT pg_advisory_lock_shared(42)",
        "select GET_LOCK('tp', 10)",
        "SELECT @x := 5",
        "SELECT 1 INTO @x",
        "SELECT * INTO TEMP t FROM x",
        "select * into temporary t from x",
        "WITH a AS (SELECT 1) SELECT set_config('a.b', 'c', false) FROM a",
        "CREATE TEMP TABLE t (id int)",
        "create temporary table t (id int)",
        "CREATE LOCAL TEMPORARY TABLE t (id int)",
        "CREATE GLOBAL TEMPORARY TABLE t (id int)",
        "CREATE OR REPLACE TEMP VIEW v AS SELECT 1",
        "PREPARE p AS SELECT 1",
        "LISTEN channel",
        "USE other_db",
        "DECLARE c CURSOR WITH HOLD FOR SELECT 1",
        "LOCK TABLES t WRITE",
        "DO $$ BEGIN PERFORM set_config('a.b', 'c', false); END $$",
        "BEGIN",
        "START TRANSACTION",
        "SELECT 1; SET search_path = other",
        "update t set v = 1 where id = 2;\nset role tidepool_pw;",
        "select 1; /* then */ select set_config('a.b', 'c', false)",
    })
    void sqlThatChangesTheSessionIsDetected(String sql) {
        assertTrue(SessionStateDetector.changesSession(sql), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "-- only a comment",
        "/* unterminated",
        "SELECT 1",
        "select * from orders where id = ?",
        "SELECT settings, get_lockout_time(x) FROM config_table",
        "SELECT a_config FROM set_tables",
        "SELECT * FROM t WHERE name = 'x' AND advisory = 1",
        "SELECT 1 INTO OUTFILE '/tmp/x'",
        "SELECT * FROM intolerant_tables",
        "SELECT x FROM t WHERE y = @x",
        "INSERT INTO t VALUES (1, 2)",
        "UPDATE t SET v = 1 WHERE id = 2",
        "DELETE FROM t",
        "CREATE TABLE t (id int)",
        "CREATE TEMPLATE_THING x",
        "DROP TABLE t",
        "SHOW search_path",
        "SELECT 1; SELECT 2;",
        "INSERT INTO t VALUES (1); UPDATE t SET v = 2",
        "COMMIT",
        "ROLLBACK",
        "SETTINGS",
        "SELECTED",
        "EXPLAIN SELECT 1",
        "{call my_proc(?)}",
        "DISCARD ALL",
        "UNLISTEN *",
    })
    void ordinarySqlIsNotDetected(String sql) {
        assertFalse(SessionStateDetector.changesSession(sql), sql);
    }

    /** The scan runs for every SQL a borrower sends: it must not allocate (no JMH, just the allocation counter). */
    @Test
    void scanningOrdinarySqlAllocatesNothing() throws ReflectiveOperationException {
        // Through reflection: the tests are compiled into the module, which does not read java.management.
        Object mx = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        Method allocatedBytes = Class.forName("com.sun.management.ThreadMXBean")
                .getMethod("getThreadAllocatedBytes", long.class);
        String[] sqls = {
            "SELECT o.id, o.total, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = ?",
            "/* app: list */ select * from t where a_b = ? and c_d = ?",
            "INSERT INTO orders (id, total) VALUES (?, ?)",
            "UPDATE orders SET total = ? WHERE id = ?",
            "SET search_path = app",
            "SELECT set_config('a.b', 'c', false)",
        };
        @SuppressWarnings("deprecation") // threadId() is Java 19+
        long id = Thread.currentThread().getId();
        int detected = 0;
        for (int i = 0; i < 200_000; i++) { // warm up: let the JIT compile the scanner
            detected += SessionStateDetector.changesSession(sqls[i % sqls.length]) ? 1 : 0;
        }
        detected = 0;
        long before = (long) allocatedBytes.invoke(mx, id);
        for (int i = 0; i < 100_000; i++) {
            detected += SessionStateDetector.changesSession(sqls[i % sqls.length]) ? 1 : 0;
        }
        long allocated = (long) allocatedBytes.invoke(mx, id) - before;
        assertEquals(33_332, detected, "2 of 6 statements change the session");
        // The counter itself may allocate a little; 100 000 scans allocating anything per scan would be >= 1.6 MB.
        assertTrue(allocated < 64 * 1024, "100 000 scans allocated " + allocated + " bytes");
    }
}
