package dev.tidepool.jdbc.diagnosis;

import dev.tidepool.testkit.Poll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.ConnectionHolder;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.jdbc.TidepoolListener;
import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.LogCapture;
import dev.tidepool.testkit.TestDatabases;
import example.builds.Leaky;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * With leakThreshold set, a Connection dropped without close() is reported with its borrow
 * stack once the garbage collector finds it, and its slot is recovered (the physical connection
 * is closed, not reused), on H2, PostgreSQL and MariaDB. Issue 5. Waits are System.gc() plus bounded polling.
 */
class LeakRecoveryTest {

    private static final class Recorder implements TidepoolListener {
        final List<ConnectionHolder> abandoned = new CopyOnWriteArrayList<>();

        @Override
        public void connectionAbandoned(ConnectionHolder holder) {
            abandoned.add(holder);
        }
    }

    @Test
    void aDroppedConnectionIsReportedWithItsBorrowStackAndItsSlotRecoveredOnH2() throws Exception {
        droppedConnectionReportedAndSlotRecovered(TestDatabases.h2Mem(Configs.uniqueName("leak")));
    }

    @Test
    void aDroppedConnectionIsReportedWithItsBorrowStackAndItsSlotRecoveredOnPostgres() throws Exception {
        droppedConnectionReportedAndSlotRecovered(TestDatabases.requireAvailable(TestDatabases.postgres()));
    }

    @Test
    void aDroppedConnectionIsReportedWithItsBorrowStackAndItsSlotRecoveredOnMariaDb() throws Exception {
        droppedConnectionReportedAndSlotRecovered(TestDatabases.requireAvailable(TestDatabases.mariadb()));
    }

    private static void droppedConnectionReportedAndSlotRecovered(DbTarget target) throws Exception {
        Recorder recorder = new Recorder();
        try (TidepoolDataSource ds = new TidepoolDataSource(Configs.config(target).maxSize(1)
                .leakThreshold(Duration.ofMinutes(5)).acquireTimeout(Duration.ofSeconds(5)).validationTimeout(Duration.ofMillis(200)).build(), recorder);
             LogCapture log = LogCapture.of(ds.poolName())) {
            Leaky.borrowAndForget(ds);
            long destroyedBefore = ds.stats().destroyed();
            Poll.until("the dropped connection is recovered", Duration.ofSeconds(20), () -> {
                System.gc();
                return !recorder.abandoned.isEmpty();
            });
            ConnectionHolder h = recorder.abandoned.get(0);
            assertEquals(Thread.currentThread().getName(), h.threadName());
            assertTrue(h.inTransaction(), h::toString);
            assertTrue(h.borrowStack() != null && h.borrowStack().length > 0);

            String line = log.containing("connection leaked").get(0);
            System.out.println("[" + target.vendor() + "] " + line);
            assertTrue(line.startsWith("WARNING " + ds.poolName() + " - connection leaked: thread "
                    + Thread.currentThread().getName() + " borrowed it "), line);
            assertTrue(line.contains(", with a transaction open; borrowed at Leaky.borrowAndForget(Leaky.java:"), line);
            assertTrue(line.contains("The connection is closed (not reused"), line);

            Poll.until("the leaked connection is destroyed", Duration.ofSeconds(5),
                    () -> ds.stats().destroyed() > destroyedBefore);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) { // the slot is free again
                s.execute("select 1");
            }
        }
    }

    @Test
    void aConnectionHeldLongerThanLeakThresholdIsReportedOnceWithPoolThreadTimeAndReducedStacks() throws Exception {
        String table = Configs.table();
        java.util.concurrent.atomic.AtomicInteger suspected = new java.util.concurrent.atomic.AtomicInteger();
        TidepoolListener listener = new TidepoolListener() {
            @Override
            public void leakSuspected(dev.tidepool.core.HolderInfo<?> holder) {
                suspected.incrementAndGet();
            }
        };
        try (TidepoolDataSource ds = new TidepoolDataSource(Configs.h2("leak-threshold").maxSize(1)
                .leakThreshold(Duration.ofMillis(300)).idleInTransactionThreshold(Duration.ZERO).build(), listener);
             LogCapture log = LogCapture.of(ds.poolName())) {
            example.builds.BuildService.createTable(ds, table, 1);
            try (Holding holding = Holding.start(ds, table, 1, true)) {
                Poll.until("the leak warning", Duration.ofSeconds(5),
                        () -> !log.containing("longer than leakThreshold").isEmpty());
                String line = log.containing("longer than leakThreshold").get(0);
                System.out.println(line);
                assertTrue(line.startsWith("WARNING " + ds.poolName() + " - connection held for "), line);
                assertTrue(line.contains(" by thread build-1, longer than leakThreshold (300 ms), in transaction, "
                        + "no JDBC call for "), line);
                assertTrue(line.contains("; borrowed at BuildService.build(BuildService.java:"), line);
                assertTrue(line.contains("; now in JenkinsClient.startBuild(JenkinsClient.java:"), line);
                assertTrue(!line.contains("dev.tidepool") && !line.contains("java.lang.Thread"), line);
                // The pool logs first, then tells the listener.
                Poll.until("the listener hears it", Duration.ofSeconds(5), () -> suspected.get() == 1);
            }
            assertEquals(1, suspected.get());
            assertEquals(1, log.containing("longer than leakThreshold").size());
        }
    }

    /** Abandoned connections are found by the housekeeping pass: no thread of their own outlives close(). */
    @Test
    void noThreadNamedAfterThePoolOutlivesCloseWithLeakThresholdSet() throws Exception {
        TidepoolDataSource ds = new TidepoolDataSource(Configs.h2("leak-threads").maxSize(2).drainTimeout(Duration.ofMillis(200))
                .leakThreshold(Duration.ofMinutes(5)).build(), new Recorder());
        String name = ds.poolName();
        try (Connection c = ds.getConnection()) {
            c.isValid(1);
        }
        Leaky.borrowAndForget(ds);
        System.gc();
        ds.close();
        Poll.until("no thread named after " + name + " is left", Duration.ofSeconds(10),
                () -> threadsOf(name).isEmpty());
    }

    private static List<String> threadsOf(String poolName) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.equals(poolName) || n.startsWith(poolName + "-")).collect(java.util.stream.Collectors.toList());
    }

    @Test
    void aClosedConnectionIsNeverReportedNorDestroyed() throws Exception {
        Recorder recorder = new Recorder();
        try (TidepoolDataSource ds = new TidepoolDataSource(Configs.h2("no-leak").maxSize(1)
                .leakThreshold(Duration.ofMinutes(5)).build(), recorder)) {
            for (int i = 0; i < 100; i++) {
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.execute("select 1");
                }
            }
            Connection held = ds.getConnection(); // the 101st borrow, still held while wrappers before it are collected
            for (int i = 0; i < 5; i++) {
                System.gc();
            }
            Poll.until("nothing destroyed", Duration.ofMillis(200), () -> ds.stats().destroyed() == 0);
            held.close();
            assertTrue(recorder.abandoned.isEmpty(), recorder.abandoned::toString);
            assertEquals(0, ds.stats().destroyed());
            assertEquals(1, ds.stats().created());
        }
    }
}
