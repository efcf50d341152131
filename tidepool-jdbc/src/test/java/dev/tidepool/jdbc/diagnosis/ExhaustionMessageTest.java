package dev.tidepool.jdbc.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.Diagnosis;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.TestDatabases;
import example.builds.BuildService;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/**
 * The acquire-timeout message names the method that holds the connections, with leakThreshold
 * off (so no borrow stack: the holders' current stacks say it), on H2, PostgreSQL and MariaDB.
 * Issue 5: the incident's first error must point at the culprit.
 */
class ExhaustionMessageTest {

    @Test
    void timeoutOnH2NamesTheMethodHoldingTheConnections() throws Exception {
        timeoutNamesTheHolder(TestDatabases.h2Mem(Configs.uniqueName("exhaustion")));
    }

    @Test
    void timeoutOnPostgresNamesTheMethodHoldingTheConnections() throws Exception {
        timeoutNamesTheHolder(TestDatabases.requireAvailable(TestDatabases.postgres()));
    }

    @Test
    void timeoutOnMariaDbNamesTheMethodHoldingTheConnections() throws Exception {
        timeoutNamesTheHolder(TestDatabases.requireAvailable(TestDatabases.mariadb()));
    }

    private static void timeoutNamesTheHolder(DbTarget target) throws Exception {
        String table = Configs.table();
        try (TidepoolDataSource ds = new TidepoolDataSource(Configs.config(target).build())) {
            BuildService.createTable(ds, table, 3);
            try {
                SQLTransientConnectionException e;
                Diagnosis d;
                try (Holding holding = Holding.start(ds, table, 3, true)) {
                    e = assertThrows(SQLTransientConnectionException.class, ds::getConnection);
                    d = ds.diagnose();
                }
                String m = e.getMessage();
                System.out.println("[" + target.vendor() + "] " + m);
                String pool = ds.poolName();
                assertTrue(m.startsWith(pool + " - no connection available within 1500 ms (total=3, active=3, idle=0, "
                        + "waiting=1, creating=0)\n"), m);
                assertTrue(m.contains("\n  3 of 3 held for "), m);
                assertTrue(m.contains(" by code now in JenkinsClient.startBuild(JenkinsClient.java:"), m);
                assertTrue(m.contains(" <- BuildService.build(BuildService.java:"), m);
                assertTrue(m.contains(", in transaction, no JDBC call for "), m);
                assertTrue(m.contains("; last SQL: update " + table + " set status = ? where id = ?;"), m);
                assertTrue(m.contains("; threads: build-"), m);
                assertFalse(m.contains("secret-status-value"), "a parameter value leaked into the message: " + m);
                assertTrue(m.contains("\n  Verdict: connections are held long by 1 code path (3 of 3 for 1.0 s or more,"
                        + " outside the database): more connections will not help; fix the holder: the code now in "
                        + "JenkinsClient.startBuild(JenkinsClient.java:"), m);
                assertTrue(m.contains("keeps a transaction open with no JDBC call for up to "), m);

                assertEquals(Diagnosis.Kind.HELD_LONG, d.kind(), d::toString);
                assertEquals(1, d.groups().size(), d::toString);
                Diagnosis.HolderGroup g = d.groups().get(0);
                assertEquals(3, g.connections());
                assertEquals(3, g.inTransaction());
                assertFalse(g.borrowSite());
                assertTrue(g.location().startsWith("JenkinsClient.startBuild(JenkinsClient.java:"), g::toString);
                assertTrue(g.nowIn().contains("BuildService.build(BuildService.java:"), g::toString);
            } finally {
                BuildService.dropTable(ds, table);
            }
        }
    }
}
