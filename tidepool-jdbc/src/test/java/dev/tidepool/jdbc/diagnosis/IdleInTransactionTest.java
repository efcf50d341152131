package dev.tidepool.jdbc.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.ConnectionHolder;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.jdbc.TidepoolListener;
import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.LogCapture;
import dev.tidepool.testkit.TestDatabases;
import example.builds.BuildService;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A borrowed connection in an open transaction with no JDBC call for longer than
 * idleInTransactionThreshold is reported once per borrow, with the holder's current stack, through
 * the listener and the log, on H2, PostgreSQL and MariaDB. Issue 5: the incident's pattern, found
 * before the pool runs dry.
 * (Checks that something does NOT happen wait a bounded second: several housekeeping passes.)
 */
class IdleInTransactionTest {

    /** What the listener heard. */
    record Warning(ConnectionHolder holder, StackTraceElement[] stack) {
    }

    private static final class Recorder implements TidepoolListener {
        final BlockingQueue<Warning> warnings = new LinkedBlockingQueue<>();

        @Override
        public void idleInTransaction(ConnectionHolder holder, StackTraceElement[] stackNow) {
            warnings.add(new Warning(holder, stackNow));
        }
    }

    private static TidepoolDataSource pool(Recorder recorder, String table) throws Exception {
        return pool(recorder, table, Duration.ofMillis(300));
    }

    private static TidepoolDataSource pool(Recorder recorder, String table, Duration threshold) throws Exception {
        TidepoolDataSource ds = new TidepoolDataSource(Configs.h2("idle-tx").maxSize(1)
                .idleInTransactionThreshold(threshold).build(), recorder);
        BuildService.createTable(ds, table, 2);
        return ds;
    }

    @Test
    void anOpenTransactionWithNoJdbcCallIsReportedOncePerBorrowWithTheHoldersStackOnH2() throws Exception {
        reportedOncePerBorrowWithTheHoldersStack(TestDatabases.h2Mem(Configs.uniqueName("idle-tx")));
    }

    @Test
    void anOpenTransactionWithNoJdbcCallIsReportedOncePerBorrowWithTheHoldersStackOnPostgres() throws Exception {
        reportedOncePerBorrowWithTheHoldersStack(TestDatabases.requireAvailable(TestDatabases.postgres()));
    }

    @Test
    void anOpenTransactionWithNoJdbcCallIsReportedOncePerBorrowWithTheHoldersStackOnMariaDb() throws Exception {
        reportedOncePerBorrowWithTheHoldersStack(TestDatabases.requireAvailable(TestDatabases.mariadb()));
    }

    private static void reportedOncePerBorrowWithTheHoldersStack(DbTarget target) throws Exception {
        Recorder recorder = new Recorder();
        String table = Configs.table();
        try (TidepoolDataSource ds = new TidepoolDataSource(Configs.config(target).maxSize(1)
                .idleInTransactionThreshold(Duration.ofMillis(300)).build(), recorder);
             LogCapture log = LogCapture.of(ds.poolName())) {
            BuildService.createTable(ds, table, 2);
            try {
                try (Holding holding = Holding.start(ds, table, 1, true)) {
                    Warning w = recorder.warnings.poll(5, TimeUnit.SECONDS);
                    assertNotNull(w, "no idle-in-transaction warning within 5 s");
                    assertTrue(w.holder().inTransaction());
                    assertEquals("build-1", w.holder().threadName());
                    assertTrue(w.holder().sinceLastActivity().toMillis() >= 300, w.holder()::toString);
                    String stack = Arrays.toString(w.stack());
                    assertTrue(stack.contains("example.builds.JenkinsClient.startBuild"), stack);
                    assertNull(recorder.warnings.poll(1, TimeUnit.SECONDS), "a second warning for the same borrow");

                    List<String> lines = log.containing("connection idle in transaction");
                    assertEquals(1, lines.size(), lines::toString);
                    String line = lines.get(0);
                    System.out.println("[" + target.vendor() + "] " + line);
                    assertTrue(line.startsWith("WARNING " + ds.poolName() + " - connection idle in transaction: "
                            + "thread build-1 has held it for "), line);
                    assertTrue(line.contains("(idleInTransactionThreshold 300 ms), now in JenkinsClient.startBuild("
                            + "JenkinsClient.java:"), line);
                    assertTrue(line.contains(" <- BuildService.build(BuildService.java:"), line);
                    assertTrue(line.contains("; last SQL: update " + table + " set status = ? where id = ?."), line);
                }
                // The next borrow of the same connection is watched afresh.
                try (Holding again = Holding.start(ds, table, 1, true)) {
                    assertNotNull(recorder.warnings.poll(5, TimeUnit.SECONDS), "no warning for the next borrow");
                }
            } finally {
                BuildService.dropTable(ds, table);
            }
        }
    }

    @Test
    void anAutoCommitConnectionIsNeverIdleInTransaction() throws Exception {
        Recorder recorder = new Recorder();
        String table = Configs.table();
        try (TidepoolDataSource ds = pool(recorder, table);
             Holding holding = Holding.start(ds, table, 1, false)) {
            assertNull(recorder.warnings.poll(1, TimeUnit.SECONDS), "warned about an auto-commit connection");
        }
    }

    @Test
    void aTransactionThatKeepsMakingJdbcCallsIsNotIdle() throws Exception {
        Recorder recorder = new Recorder();
        String table = Configs.table();
        // The pool's clock moves in 250 ms ticks, so activity is seen up to a tick late: 600 ms leaves room.
        try (TidepoolDataSource ds = pool(recorder, table, Duration.ofMillis(600)); Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
            try (Statement s = c.createStatement()) {
                while (System.nanoTime() - end < 0) {
                    s.executeUpdate("update " + table + " set status = 'busy' where id = 1");
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // work between calls, not a sync
                }
            }
            c.rollback();
            assertNull(recorder.warnings.poll(), "warned although JDBC calls kept happening");
        }
    }

    @Test
    void aLongStatementInATransactionIsNotIdle() throws Exception {
        Recorder recorder = new Recorder();
        try (dev.tidepool.testkit.StubDatabase db = dev.tidepool.testkit.StubDatabase.create()) {
            db.queryLatency(Duration.ofMillis(1500));
            try (TidepoolDataSource ds = new TidepoolDataSource(Configs.h2("unused").jdbcUrl(db.url()).maxSize(1)
                    .idleInTransactionThreshold(Duration.ofMillis(300)).build(), recorder);
                 Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.execute("select slow_report()"); // 1.5 s inside the driver: several housekeeping passes
                assertNull(recorder.warnings.poll(), "a running statement was reported as an idle transaction");
                c.rollback();
            }
        }
    }

    @Test
    void zeroSwitchesTheWarningOff() throws Exception {
        Recorder recorder = new Recorder();
        String table = Configs.table();
        try (TidepoolDataSource ds = new TidepoolDataSource(Configs.h2("idle-tx-off").maxSize(1)
                .idleInTransactionThreshold(Duration.ZERO).build(), recorder)) {
            BuildService.createTable(ds, table, 1);
            try (Holding holding = Holding.start(ds, table, 1, true)) {
                assertNull(recorder.warnings.poll(1, TimeUnit.SECONDS));
            }
        }
    }
}
