package dev.tidepool.jdbc.it;

import dev.tidepool.testkit.Poll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.core.PoolStats;
import dev.tidepool.jdbc.TidepoolDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many more borrowers than connections, on a real server: the server must never see more
 * sessions of the pool than {@code maxSize}, every borrower must get through, and closing the
 * pool must end every session. Goal 1 of DESIGN.md: nothing waits forever.
 */
class ConcurrentBorrowReturnTest {

    private static final int MAX_SIZE = 10;
    private static final int MIN_IDLE = 2;
    private static final int THREADS = 32;
    private static final int OPERATIONS = 4_000;
    private static final int ROWS = 100;
    /** A safety bound, far above the second or two the operations take; reaching it fails the test. */
    private static final Duration TIME_CAP = Duration.ofSeconds(30);
    private static final Duration SESSIONS_END_BOUND = Duration.ofSeconds(10);
    /** Pace of the monitor's samples: often enough to catch a short excess, without hogging the server. */
    private static final long SAMPLE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Backend.class)
    void thirtyTwoBorrowersShareTenConnectionsAndTheServerNeverSeesMoreThanMaxSize(Backend backend) throws Exception {
        try (ItDatabase db = backend.open();
             ItDatabase.SessionCounter sessions = db.countedPool("load")) {
            String table = db.createTable();
            fill(db, table);

            Load load;
            PoolStats afterLoad;
            try (TidepoolDataSource ds = new TidepoolDataSource(sessions.config()
                    .maxSize(MAX_SIZE).minIdle(MIN_IDLE).build())) {
                load = new Load(ds, table);
                load.run(sessions);
                // A return may finish (reset) after close() hands back; give it a bounded moment.
                Poll.until(SESSIONS_END_BOUND, () -> ds.stats().active(), n -> n == 0);
                afterLoad = ds.stats();
            }
            int remaining = Poll.until(SESSIONS_END_BOUND, sessions::count, n -> n == 0);
            System.out.println(backend + ": " + load.done.get() + " operations on " + THREADS + " threads, at most "
                    + load.maxSessions.get() + " server sessions in " + load.samples.get() + " samples, "
                    + remaining + " left after close(); pool after load: " + afterLoad);

            load.assertNoErrors(afterLoad);
            assertEquals(OPERATIONS, load.done.get(),
                    "operations done within " + TIME_CAP.toSeconds() + " s (pool after load: " + afterLoad.counts() + ")");
            assertTrue(load.samples.get() > 0, "the monitor never sampled the server");
            assertTrue(load.maxSessions.get() >= 1, "the monitor never saw a session of the pool");
            assertTrue(load.maxSessions.get() <= MAX_SIZE, "the server saw " + load.maxSessions.get()
                    + " sessions of a pool of maxSize " + MAX_SIZE + " (pool after load: " + afterLoad.counts()
                    + ", created " + afterLoad.created() + ", destroyed " + afterLoad.destroyed() + ")");
            assertEquals(0, afterLoad.active(), "connections still lent out after every borrower returned: " + afterLoad);
            assertTrue(afterLoad.total() <= MAX_SIZE, "pool total above maxSize: " + afterLoad);
            assertEquals(0, remaining, "server sessions of the pool " + SESSIONS_END_BOUND.toSeconds() + " s after close()");
        }
    }

    private static void fill(ItDatabase db, String table) throws SQLException {
        try (Connection c = db.direct();
             PreparedStatement insert = c.prepareStatement("insert into " + table + " (id, v) values (?, ?)")) {
            for (int id = 0; id < ROWS; id++) {
                insert.setInt(1, id);
                insert.setInt(2, id * 7);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The borrowers and the monitor; started together behind one latch. */
    private static final class Load {

        private final TidepoolDataSource ds;
        private final String select;
        private final AtomicInteger claimed = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicInteger maxSessions = new AtomicInteger();
        private final AtomicInteger samples = new AtomicInteger();
        private final AtomicBoolean loadOver = new AtomicBoolean();
        private final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();

        Load(TidepoolDataSource ds, String table) {
            this.ds = ds;
            this.select = "select v from " + table + " where id = ?";
        }

        void run(ItDatabase.SessionCounter sessions) throws InterruptedException {
            long deadline = System.nanoTime() + TIME_CAP.toNanos();
            CountDownLatch start = new CountDownLatch(1);
            CountDownLatch borrowersDone = new CountDownLatch(THREADS);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                threads.add(new Thread(() -> borrow(start, deadline, borrowersDone), "it-borrower-" + i));
            }
            Thread monitor = new Thread(() -> monitor(sessions, start), "it-session-monitor");
            threads.forEach(Thread::start);
            monitor.start();
            start.countDown();
            // The borrowers stop by themselves at the deadline; the extra second covers their last call.
            boolean finished = borrowersDone.await(TIME_CAP.toSeconds() + 1, TimeUnit.SECONDS);
            loadOver.set(true);
            monitor.join(TimeUnit.SECONDS.toMillis(5));
            if (!finished) {
                errors.add(new AssertionError("borrowers still running " + TIME_CAP.toSeconds()
                        + " s after start: " + ds.stats().counts()));
            }
        }

        private void borrow(CountDownLatch start, long deadline, CountDownLatch borrowersDone) {
            try {
                start.await();
                int op;
                while ((op = claimed.getAndIncrement()) < OPERATIONS && System.nanoTime() - deadline < 0) {
                    query(op % ROWS);
                    done.incrementAndGet();
                }
            } catch (Throwable t) {
                errors.add(t);
            } finally {
                borrowersDone.countDown();
            }
        }

        private void query(int id) throws SQLException {
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement(select)) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getInt(1) != id * 7) {
                        throw new AssertionError("row " + id + " came back wrong");
                    }
                }
            }
        }

        private void monitor(ItDatabase.SessionCounter sessions, CountDownLatch start) {
            try {
                start.await();
                // At least one sample, even when the borrowers finish before this thread first runs
                // (seen on JDK 25 with in-memory H2); the pool's sessions are still open then.
                do {
                    maxSessions.accumulateAndGet(sessions.count(), Math::max);
                    samples.incrementAndGet();
                    LockSupport.parkNanos(SAMPLE_PAUSE_NANOS);
                } while (!loadOver.get());
            } catch (Throwable t) {
                errors.add(new AssertionError("the session monitor failed", t));
            }
        }

        /** Fails with one line per distinct error and its count (a flood of timeouts reads as one cause), the first as cause. */
        void assertNoErrors(PoolStats afterLoad) {
            if (errors.isEmpty()) {
                return;
            }
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (Throwable t : errors) {
                counts.merge(String.valueOf(t), 1, Integer::sum);
            }
            List<String> lines = new ArrayList<>();
            counts.forEach((text, n) -> lines.add(n + " x " + text));
            throw new AssertionError(errors.size() + " borrower errors after " + done.get() + " operations (pool after load: "
                    + afterLoad.counts() + "): " + lines, errors.peek());
        }
    }
}
