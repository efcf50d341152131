package dev.tidepool.jdbc;

import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.TestDatabases;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 13, item 6: 10,000 virtual threads share a pool of 10 on real PostgreSQL with no carrier
 * pinning (JFR {@code jdk.VirtualThreadPinned}, threshold 0, recorded around the run: zero
 * events), and every borrow ends within acquireTimeout. Throughput is printed beside 32 platform
 * threads doing the same work (a figure, not an assertion: speed lives in the harness). Skipped,
 * with a notice, before JDK 21; CI runs it on JDK 25. Compiled for release 17: virtual threads are
 * reached by reflection.
 */
class PostgresVirtualThreadsTest {
    private static final int VIRTUAL = Integer.getInteger("tidepool.vt.threads", 10_000);
    private static final int OPS_EACH = 3;
    private static final Duration ACQUIRE = Duration.ofSeconds(30);

    @Test
    void tenThousandVirtualThreadsShareAPoolOfTenWithoutPinning() throws Exception {
        ExecutorService virtual = virtualThreadPerTask();
        DbTarget pg = TestDatabases.requireAvailable(TestDatabases.postgres());
        TidepoolConfig config = TidepoolConfig.builder().jdbcUrl(pg.url()).username(pg.user()).password(pg.password())
                .poolName("tp_faults_vt").maxSize(10).acquireTimeout(ACQUIRE).build();
        Path jfr = Files.createTempFile("tp_faults_vt", ".jfr");
        try (TidepoolDataSource ds = new TidepoolDataSource(config)) {
            // Warm-up of both kinds: the JIT, and the JDK's socket poller for virtual threads, whose
            // one-time initialisation pins the carrier of the first virtual thread that reads a socket.
            run(ds, Executors.newFixedThreadPool(32), 320, VIRTUAL * OPS_EACH / 320, new AtomicLong());
            run(ds, virtualThreadPerTask(), VIRTUAL, OPS_EACH, new AtomicLong());
            long[] platform = timed(ds, Executors.newFixedThreadPool(32), 32, VIRTUAL * OPS_EACH / 32);
            AtomicLong longestWait = new AtomicLong();
            long[] virtualRun;
            try (Recording recording = new Recording()) {
                recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
                recording.start();
                long t = System.nanoTime();
                run(ds, virtual, VIRTUAL, OPS_EACH, longestWait);
                virtualRun = new long[] {VIRTUAL * (long) OPS_EACH, System.nanoTime() - t};
                recording.stop();
                recording.dump(jfr);
            }
            List<RecordedEvent> pinned = new ArrayList<>();
            for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
                if (e.getEventType().getName().equals("jdk.VirtualThreadPinned")) {
                    pinned.add(e);
                }
            }
            System.out.printf("[fault-figures] virtual threads | postgresql | %d virtual threads x %d ops on pool 10: %.0f ops/s;"
                            + " 32 platform threads: %.0f ops/s; pinned events=%d; longest getConnection=%d ms (%s)%n",
                    VIRTUAL, OPS_EACH, rate(virtualRun), rate(platform), pinned.size(),
                    TimeUnit.NANOSECONDS.toMillis(longestWait.get()), Runtime.version());
            assertEquals(0, pinned.size(), () -> "carrier pinned: " + pinned.get(0));
            assertTrue(longestWait.get() <= ACQUIRE.toNanos(), "a borrow waited beyond acquireTimeout");
            assertEquals(0, ds.stats().timeouts());
            assertEquals(0, ds.stats().waiting());
        } finally {
            Files.deleteIfExists(jfr);
        }
    }

    private static double rate(long[] opsAndNanos) {
        return opsAndNanos[0] * 1e9 / opsAndNanos[1];
    }

    private static long[] timed(TidepoolDataSource ds, ExecutorService executor, int tasks, int opsEach) throws Exception {
        long t = System.nanoTime();
        run(ds, executor, tasks, opsEach, new AtomicLong());
        return new long[] {tasks * (long) opsEach, System.nanoTime() - t};
    }

    /** {@code tasks} tasks of {@code opsEach} borrow-SELECT-return cycles; shuts the executor down. */
    private static void run(TidepoolDataSource ds, ExecutorService executor, int tasks, int opsEach, AtomicLong longestWait)
            throws Exception {
        try {
            List<Future<?>> futures = new ArrayList<>(tasks);
            for (int i = 0; i < tasks; i++) {
                futures.add(executor.submit(() -> {
                    for (int op = 0; op < opsEach; op++) {
                        long t = System.nanoTime();
                        try (Connection c = ds.getConnection()) {
                            longestWait.accumulateAndGet(System.nanoTime() - t, Math::max);
                            try (PreparedStatement s = c.prepareStatement("SELECT 1"); ResultSet r = s.executeQuery()) {
                                assertTrue(r.next());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdown();
            assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    private static ExecutorService virtualThreadPerTask() throws Exception {
        Method factory;
        try {
            factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        } catch (NoSuchMethodException e) {
            assumeTrue(false, "virtual threads need JDK 21+; this run is on " + Runtime.version()
                    + " (CI runs this module again on JDK 25)");
            throw new AssertionError("unreachable");
        }
        return (ExecutorService) factory.invoke(null);
    }
}
