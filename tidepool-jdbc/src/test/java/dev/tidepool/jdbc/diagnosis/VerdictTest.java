package dev.tidepool.jdbc.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.core.PoolStats;
import dev.tidepool.jdbc.ConnectFailure;
import dev.tidepool.jdbc.ConnectionHolder;
import dev.tidepool.jdbc.Diagnosis;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.jdbc.internal.diagnosis.ExhaustionReport;
import dev.tidepool.testkit.StubDatabase;
import example.builds.BuildService;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The three kinds of exhaustion, and the report when the pool is fine. Issue 5. */
class VerdictTest {

    @Test
    void fewLongHoldersMeanMoreConnectionsWillNotHelpAndNameTheBorrowSiteWhenLeakThresholdIsSet() throws Exception {
        String table = Configs.table();
        try (TidepoolDataSource ds = new TidepoolDataSource(Configs.h2("verdict-a")
                .leakThreshold(Duration.ofMinutes(5)).build())) {
            BuildService.createTable(ds, table, 3);
            SQLTransientConnectionException e;
            try (Holding holding = Holding.start(ds, table, 3, true)) {
                e = assertThrows(SQLTransientConnectionException.class, ds::getConnection);
            }
            String m = e.getMessage();
            assertTrue(m.contains("\n  3 of 3 held by BuildService.build(BuildService.java:"), m);
            assertTrue(m.contains(", in transaction, no JDBC call for "), m);
            assertTrue(m.contains(", now in JenkinsClient.startBuild(JenkinsClient.java:"), m);
            assertTrue(m.contains("more connections will not help; fix the holder: BuildService.build(BuildService.java:"),
                    m);
        }
    }

    @Test
    void manyShortHoldsMeanThePoolIsTooSmallOrTheDatabaseSlow() {
        List<ConnectionHolder> holders = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            holders.add(new ConnectionHolder("app", Thread.currentThread(), Duration.ofMillis(40 + 30 * i),
                    Duration.ofMillis(5), true, "select * from orders where id = 42", null));
        }
        PoolStats stats = new PoolStats(8, 8, 0, 12, 0, 8, 0, 0, 3, null);
        Diagnosis d = ExhaustionReport.build(new ExhaustionReport.Input("orders-db",
                "orders-db - no connection available within 500 ms (" + stats.counts() + ")", true, stats, 8, holders,
                null, null));
        assertEquals(Diagnosis.Kind.TOO_SMALL_OR_SLOW, d.kind(), d::toString);
        assertTrue(d.verdict().startsWith("many short holds: 8 of maxSize 8 busy, held 40-250 ms (median 160 ms), "
                + "12 waiting, 0 of 8 in a JDBC call now: the pool is too small for the load or the database is slow;"),
                d::toString);
        assertTrue(d.verdict().endsWith("raise maxSize (now 8) if the database has room for more sessions"), d::toString);
        assertTrue(d.toString().contains("last SQL: select * from orders where id = ?"), d::toString);
    }

    @Test
    void theReportShowsFiveGroupsAndCountsTheRestAndNamesSeveralHolders() {
        List<ConnectionHolder> holders = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            StackTraceElement[] borrowedAt = {
                new StackTraceElement("dev.tidepool.jdbc.TidepoolDataSource", "getConnection", "TidepoolDataSource.java", 1),
                new StackTraceElement("com.acme.Service" + i, "work", "Service" + i + ".java", 10 + i),
            };
            for (int j = 0; j < (i == 1 ? 3 : 1); j++) { // Service1 holds three connections
                holders.add(new ConnectionHolder(null, Thread.currentThread(), Duration.ofSeconds(20 - i),
                        Duration.ofSeconds(20 - i), false, null, borrowedAt));
            }
        }
        PoolStats stats = new PoolStats(9, 9, 0, 4, 0, 9, 0, 0, 1, null);
        Diagnosis d = ExhaustionReport.build(new ExhaustionReport.Input("p", "p - no connection available within 30000 ms ("
                + stats.counts() + ")", true, stats, 9, holders, null, null));
        String m = d.toString();
        assertEquals(Diagnosis.Kind.HELD_LONG, d.kind(), m);
        assertEquals(5, d.groups().size(), m);
        assertEquals(2, d.holdersNotShown(), m);
        assertTrue(m.contains("\n  3 of 9 held by Service1.work(Service1.java:11) for 19 s, no transaction open, "
                + "no JDBC call for 19 s"), m);
        assertTrue(m.contains("\n  ... and 2 more held in 2 other places\n"), m);
        assertTrue(m.contains("fix the holders, most connections first: Service1.work(Service1.java:11) (3); "
                + "Service2.work(Service2.java:12) (1); Service3.work(Service3.java:13) (1). The first holds its "
                + "connection with no JDBC call for up to 19 s"), m);
        assertEquals(8, m.split("\n").length, m); // headline, 5 groups, the rest, the verdict
    }

    @Test
    void longHoldsInsideJdbcCallsMeanTheDatabaseIsSlowNotTheHolder() throws Exception {
        try (StubDatabase db = StubDatabase.create()) {
            db.queryLatency(Duration.ofSeconds(3));
            try (TidepoolDataSource ds = new TidepoolDataSource(Configs.h2("unused").jdbcUrl(db.url()).maxSize(2)
                    .acquireTimeout(Duration.ofMillis(1200)).build())) {
                CountDownLatch started = new CountDownLatch(2);
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    Thread t = new Thread(() -> {
                        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                            started.countDown();
                            s.execute("select slow_report()");
                        } catch (Exception ignored) {
                            // the stub answers after its latency
                        }
                    }, "report-" + i);
                    threads.add(t);
                    t.start();
                }
                assertTrue(started.await(5, TimeUnit.SECONDS));
                SQLTransientConnectionException e = assertThrows(SQLTransientConnectionException.class,
                        ds::getConnection);
                String m = e.getMessage();
                assertTrue(m.contains("2 of 2 held for "), m);
                assertTrue(m.contains("in a JDBC call now"), m);
                assertTrue(m.contains("Verdict: slow SQL: 2 of 2 holders are inside JDBC calls now, held "), m);
                assertEquals(Diagnosis.Kind.TOO_SMALL_OR_SLOW, ds.diagnose().kind(), m);
                for (Thread t : threads) {
                    t.join(10_000);
                }
            }
        }
    }

    @Test
    void aPoolThatCannotConnectSaysWhyWithTheConnectFailureClass() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        // PostgreSQL's driver reports a refused connect at once (H2's client retries for a while).
        try (TidepoolDataSource ds = new TidepoolDataSource(Configs.h2("unused")
                .jdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/test").failFast(false)
                .acquireTimeout(Duration.ofMillis(1000)).validationTimeout(Duration.ofMillis(200)).build())) {
            // Refused while no connection ever opened is a verdict at once (issue 13), not a timeout.
            SQLTransientConnectionException e = assertThrows(SQLTransientConnectionException.class, ds::getConnection);
            String m = e.getMessage();
            System.out.println(m);
            assertTrue(m.startsWith(ds.poolName() + " - cannot open a connection: REFUSED: "), m);
            assertTrue(m.contains(ConnectFailure.REFUSED.hint()), m);
            Diagnosis d = ds.diagnose();
            assertEquals(Diagnosis.Kind.CANNOT_CONNECT, d.kind(), d::toString);
            assertEquals(ConnectFailure.REFUSED, d.connectFailure(), d::toString);
        }
    }

    @Test
    void diagnoseAtAnyTimeShowsTheHoldersOfAPoolThatIsNotExhausted() throws Exception {
        String table = Configs.table();
        try (TidepoolDataSource ds = new TidepoolDataSource(Configs.h2("any-time").build())) {
            Diagnosis idle = ds.diagnose();
            assertEquals(Diagnosis.Kind.NOT_EXHAUSTED, idle.kind(), idle::toString);
            assertTrue(idle.toString().startsWith(ds.poolName() + " - diagnosis (total="), idle::toString);
            assertTrue(idle.verdict().startsWith("not exhausted: 0 of maxSize 3 in use, 1 idle"), idle::toString);
            assertTrue(idle.groups().isEmpty());
            assertNull(idle.connectFailure());

            BuildService.createTable(ds, table, 1);
            try (Holding holding = Holding.start(ds, table, 1, true)) {
                Diagnosis d = ds.diagnose();
                assertEquals(Diagnosis.Kind.NOT_EXHAUSTED, d.kind(), d::toString);
                assertEquals(1, d.groups().size(), d::toString);
                assertTrue(d.toString().contains("\n  1 of 1 held for "), d::toString);
                assertTrue(d.groups().get(0).nowIn().startsWith("JenkinsClient.startBuild(JenkinsClient.java:"),
                        d::toString);
                assertEquals(List.of("build-1"), d.groups().get(0).threads());
            }
        }
    }
}
