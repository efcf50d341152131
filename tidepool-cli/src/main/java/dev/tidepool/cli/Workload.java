package dev.tidepool.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * The demo's load: N worker threads, each looping borrow -> one short query or update -> return
 * -> think. The time spent in {@code getConnection()} is recorded per worker; operations and
 * failures are counted. The first failure is kept to explain a non-zero exit.
 */
final class Workload {

    /** One operation in this many is an UPDATE; the rest are primary-key SELECTs. */
    private static final int UPDATE_EVERY = 5;

    private final DataSource dataSource;
    private final Duration think;
    private final List<Thread> threads = new ArrayList<>();
    private final List<AcquireRecorder> recorders = new ArrayList<>();
    private final LongAdder operations = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicReference<Exception> firstError = new AtomicReference<>();
    private volatile boolean stopping;

    Workload(DataSource dataSource, int threadCount, Duration think) {
        this.dataSource = dataSource;
        this.think = think;
        for (int i = 0; i < threadCount; i++) {
            AcquireRecorder recorder = new AcquireRecorder();
            recorders.add(recorder);
            Thread t = new Thread(() -> work(recorder), "tidepool-demo-worker-" + (i + 1));
            t.setDaemon(true); // a worker stuck in the driver must not keep the JVM alive
            threads.add(t);
        }
    }

    void start() {
        threads.forEach(Thread::start);
    }

    /** Asks every worker to stop after its current operation. */
    void stop() {
        stopping = true;
    }

    /**
     * Waits until every worker has finished its last operation, at most {@code timeout}.
     *
     * @return true when all stopped in time
     */
    boolean awaitStopped(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMillis > 0) {
                t.join(leftMillis);
            }
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** Moves the acquire times recorded since the last call into {@code target}. */
    void drainAcquireTimes(LatencyHistogram target) {
        for (AcquireRecorder r : recorders) {
            r.drainInto(target);
        }
    }

    long operations() {
        return operations.sum();
    }

    long errors() {
        return errors.sum();
    }

    /** The first failure of any worker, or null. */
    Exception firstError() {
        return firstError.get();
    }

    private void work(AcquireRecorder recorder) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stopping) {
            try {
                operation(recorder, random);
                operations.increment();
            } catch (SQLException | RuntimeException e) {
                errors.increment();
                firstError.compareAndSet(null, e);
            }
            if (!think.isZero()) {
                LockSupport.parkNanos(think.toNanos());
            }
        }
    }

    private void operation(AcquireRecorder recorder, ThreadLocalRandom random) throws SQLException {
        int id = 1 + random.nextInt(DemoDatabase.ACCOUNTS);
        boolean update = random.nextInt(UPDATE_EVERY) == 0;
        long begin = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            recorder.record(System.nanoTime() - begin);
            if (update) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE account SET balance = balance + 1 WHERE id = ?")) {
                    ps.setInt(1, id);
                    ps.executeUpdate();
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement("SELECT balance FROM account WHERE id = ?")) {
                    ps.setInt(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                    }
                }
            }
        }
    }
}
