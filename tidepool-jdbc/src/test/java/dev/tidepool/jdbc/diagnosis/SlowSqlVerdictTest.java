package dev.tidepool.jdbc.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.Diagnosis;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Holders that are long inside the database (a slow statement, the driver reading its socket)
 * are the database's slowness, not a holder to fix: the verdict says "too small or slow", on
 * PostgreSQL and MariaDB for real. Issue 5.
 */
class SlowSqlVerdictTest {

    @Test
    void slowStatementsOnPostgresAreReportedAsInAJdbcCall() throws Exception {
        slowStatementsAreTheDatabasesSlowness(TestDatabases.requireAvailable(TestDatabases.postgres()),
                "select pg_sleep(3)");
    }

    @Test
    void slowStatementsOnMariaDbAreReportedAsInAJdbcCall() throws Exception {
        slowStatementsAreTheDatabasesSlowness(TestDatabases.requireAvailable(TestDatabases.mariadb()),
                "select sleep(3)");
    }

    private static void slowStatementsAreTheDatabasesSlowness(DbTarget target, String slowSql) throws Exception {
        try (TidepoolDataSource ds = new TidepoolDataSource(Configs.config(target).maxSize(2).build())) {
            CountDownLatch started = new CountDownLatch(2);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Thread t = new Thread(() -> {
                    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                        started.countDown();
                        s.execute(slowSql);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, "report-" + i);
                threads.add(t);
                t.start();
            }
            assertTrue(started.await(5, TimeUnit.SECONDS));
            SQLTransientConnectionException e = assertThrows(SQLTransientConnectionException.class, ds::getConnection);
            String m = e.getMessage();
            System.out.println("[" + target.vendor() + "] " + m);
            assertTrue(m.contains("\n  2 of 2 held for "), m);
            assertTrue(m.contains(", no transaction open, in a JDBC call now; last SQL: " + slowSql.replace("3", "?")), m);
            assertTrue(m.contains("\n  Verdict: slow SQL: 2 of 2 holders are inside JDBC calls now, held "), m);
            assertTrue(m.contains("the database is slow to answer (or the pool too small for the load); make the slow "
                    + "SQL faster"), m);
            assertEquals(Diagnosis.Kind.TOO_SMALL_OR_SLOW, ds.diagnose().kind());
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }
}
