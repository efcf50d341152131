package dev.tidepool.jdbc.bouncer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * Threads borrowing from data sources and running one short transaction each time (a prepared
 * select and a prepared insert, committed), recording the time of every success and failure so a
 * test can say how long an event cost: failed operations, time to the first success after it.
 */
final class BouncerLoad {
    static final String TABLE = "tp_bouncer_load";

    /** One failed operation: when (nanos since start) and what. */
    record Failure(long at, String error) {
    }

    private final List<DataSource> sources;
    private final int threadsPerSource;
    private final long paceNanos;
    private final List<Thread> threads = new ArrayList<>();
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> successes = new ConcurrentLinkedQueue<>();
    private final AtomicLong ok = new AtomicLong();
    private volatile boolean running;
    private long start;

    BouncerLoad(List<DataSource> sources, int threadsPerSource, long paceMicros) {
        this.sources = sources;
        this.threadsPerSource = threadsPerSource;
        this.paceNanos = TimeUnit.MICROSECONDS.toNanos(paceMicros);
    }

    static void createTable(Connection c) throws SQLException {
        c.createStatement().execute("create table if not exists " + TABLE + " (id bigserial primary key, worker int)");
    }

    BouncerLoad start() throws InterruptedException {
        start = System.nanoTime();
        running = true;
        CountDownLatch started = new CountDownLatch(sources.size() * threadsPerSource);
        for (int s = 0; s < sources.size(); s++) {
            DataSource ds = sources.get(s);
            for (int i = 0; i < threadsPerSource; i++) {
                int worker = s * 1000 + i;
                Thread t = new Thread(() -> {
                    started.countDown();
                    while (running) {
                        operation(ds, worker);
                        LockSupport.parkNanos(paceNanos); // pacing, leaves the shared machine some CPU
                    }
                }, "bouncer-load-" + worker);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }
        if (!started.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("load threads did not start within 10 s");
        }
        return this;
    }

    long now() {
        return System.nanoTime() - start;
    }

    /** Stops the threads; returns the names of those still running after {@code boundMillis}. */
    List<String> stop(long boundMillis) throws InterruptedException {
        running = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(boundMillis);
        List<String> stuck = new ArrayList<>();
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (t.isAlive()) {
                stuck.add(t.getName());
            }
        }
        return stuck;
    }

    private void operation(DataSource ds, int worker) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement select = c.prepareStatement("select ?::int * 2");
                 PreparedStatement insert = c.prepareStatement("insert into " + TABLE + " (worker) values (?)")) {
                select.setInt(1, worker);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) != worker * 2) {
                        throw new SQLException("wrong result " + rs.getInt(1) + " for " + worker);
                    }
                }
                insert.setInt(1, worker);
                insert.executeUpdate();
            }
            c.commit();
            ok.incrementAndGet();
            successes.add(now());
        } catch (SQLException e) {
            failures.add(new Failure(now(), e.getClass().getSimpleName() + " [" + e.getSQLState() + "] " + e.getMessage()));
        }
    }

    long ok() {
        return ok.get();
    }

    List<Failure> failures() {
        return List.copyOf(failures);
    }

    List<Failure> failuresAfter(long at) {
        return failures.stream().filter(f -> f.at() >= at).toList();
    }

    /** The first success at or after {@code at} (nanos since start), or -1. */
    long firstSuccessAfter(long at) {
        return successes.stream().filter(t -> t >= at).mapToLong(Long::longValue).min().orElse(-1);
    }

    /** The last failure at or after {@code at}, or -1. */
    long lastFailureAfter(long at) {
        return failures.stream().mapToLong(Failure::at).filter(t -> t >= at).max().orElse(-1);
    }
}
