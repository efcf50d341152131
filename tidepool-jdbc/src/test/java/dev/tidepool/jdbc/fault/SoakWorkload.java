package dev.tidepool.jdbc.fault;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * The soak's mixed workload on one pool, and what it saw. Three kinds of worker:
 * <ul>
 *   <li>short workers: borrow, then a {@code SELECT 1} (11 of 16), a committed insert (4 of 16)
 *       or an insert left uncommitted on return (1 of 16: the pool must roll it back), return,
 *       5 ms pause;
 *   <li>holders: borrow, query, keep the connection 0.2-1 s (an application doing slow work
 *       between statements), query again, return;
 *   <li>one starver: every 15-30 s borrows every connection of the pool, keeps them all 0.5 s,
 *       then returns them: the pool runs dry and the others queue, briefly (less than
 *       acquireTimeout).
 * </ul>
 * Every failed operation goes to the {@link FailureAccounting} with its start and end; completed
 * operations are counted per 10 ms; a connection lent again after an operation on it failed is
 * recorded. The counters are allocated up front and the rest is bounded, so the workload itself
 * does not show as heap growth.
 */
final class SoakWorkload {
    private static final long PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final DataSource ds;
    private final String run;
    private final int shortWorkers;
    private final int holders;
    private final int poolSize;
    private final long seed;
    private final OkBuckets ok;
    private final FailureAccounting ledger;
    /** The last connections an operation failed on (bounded: a dead one lent again shows within moments). */
    private final Map<String, Boolean> failedConnections = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 1024;
        }
    });
    private final ConcurrentLinkedQueue<String> lentAfterFailure = new ConcurrentLinkedQueue<>();
    private final LongestCall longestCall = new LongestCall();
    private Workers threads;

    SoakWorkload(DataSource ds, FailureAccounting ledger, String run, int shortWorkers, int holders, int poolSize,
            long seed, Duration longest) {
        this.ds = ds;
        this.ledger = ledger;
        this.run = run;
        this.shortWorkers = shortWorkers;
        this.holders = holders;
        this.poolSize = poolSize;
        this.seed = seed;
        this.ok = new OkBuckets(longest);
    }

    /** Starts every worker, timing from {@code startNanos} (a {@link System#nanoTime()} shared with the fault runner). */
    SoakWorkload start(long startNanos) throws InterruptedException {
        threads = new Workers(startNanos);
        int all = shortWorkers + holders + 1;
        threads.start(all, i -> "soak-" + run + "-" + kind(i) + "-" + i, i -> {
            Random random = new Random(seed * 31 + i);
            return i < shortWorkers ? () -> shortLoop(random)
                    : i < shortWorkers + holders ? () -> holdLoop(random) : () -> starveLoop(random);
        });
        return this;
    }

    private String kind(int worker) {
        return worker < shortWorkers ? "short" : worker < shortWorkers + holders ? "hold" : "starve";
    }

    long now() {
        return threads.now();
    }

    /** Workers stop borrowing (finishing what is under way) until {@link #resume()}. */
    void pause() {
        threads.pause();
    }

    void resume() {
        threads.resume();
    }

    /** Stops every worker; returns those still running after {@code bound}, with their stacks. */
    List<String> stop(Duration bound) throws InterruptedException {
        return threads.stop(bound);
    }

    // ---------------------------------------------------------------- workers

    private void shortLoop(Random random) {
        while (threads.running()) {
            if (threads.heldBack()) {
                continue;
            }
            int kind = random.nextInt(16);
            operation("short", c -> {
                if (kind >= 5) {
                    select(c);
                } else {
                    insert(c, kind != 0);
                }
            });
            LockSupport.parkNanos(PACE_NANOS); // pacing, leaves the shared machine some CPU
        }
    }

    private void holdLoop(Random random) {
        while (threads.running()) {
            if (threads.heldBack()) {
                continue;
            }
            long hold = TimeUnit.MILLISECONDS.toNanos(200 + random.nextInt(800));
            operation("hold", c -> {
                select(c);
                LockSupport.parkNanos(hold); // the application's slow work while it holds the connection
                select(c);
            });
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private void starveLoop(Random random) {
        long next = now() + TimeUnit.SECONDS.toNanos(10 + random.nextInt(10));
        while (threads.running()) {
            if (threads.heldBack() || now() < next) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // waiting for the next burst's time
                continue;
            }
            starve();
            next = now() + TimeUnit.SECONDS.toNanos(15 + random.nextInt(15));
        }
    }

    /** Takes every connection of the pool, keeps them 0.5 s, returns them. */
    private void starve() {
        long[] burst = ledger.starvationStarted(now());
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < poolSize && threads.running(); i++) {
                long t0 = now();
                try {
                    held.add(timedBorrow());
                } catch (SQLException e) {
                    fail(t0, "starve", null, "getConnection", e);
                    return;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500)); // the burst: every connection held
            ok.add(now());
        } finally {
            for (Connection c : held) {
                long t0 = now();
                try {
                    c.close();
                } catch (SQLException e) {
                    fail(t0, "starve", c.toString(), "close", e);
                }
            }
            ledger.starvationEnded(burst, now());
        }
    }

    // ---------------------------------------------------------------- one operation

    @FunctionalInterface
    private interface Work {
        void on(Connection c) throws SQLException;
    }

    private void operation(String worker, Work work) {
        long t0 = now();
        Connection c;
        try {
            c = timedBorrow();
        } catch (SQLException e) {
            fail(t0, worker, null, "getConnection", e);
            return;
        }
        String id = c.toString();
        if (failedConnections.containsKey(id)) {
            lentAfterFailure.add(String.format("%.3fs %s", now() / 1e9, id));
        }
        boolean ok = false;
        try {
            work.on(c);
            ok = true;
        } catch (SQLException e) {
            fail(t0, worker, id, "execute", e);
        } finally {
            long t = now();
            try {
                c.close();
            } catch (SQLException e) {
                ok = false;
                fail(t0, worker, id, "close", e);
            }
            note("close", t);
        }
        if (ok) {
            this.ok.add(now());
        }
    }

    private Connection timedBorrow() throws SQLException {
        long t = now();
        try {
            return ds.getConnection();
        } finally {
            note("getConnection", t);
        }
    }

    private void select(Connection c) throws SQLException {
        long t = now();
        try (PreparedStatement ps = c.prepareStatement("SELECT 1"); ResultSet rs = ps.executeQuery()) {
            rs.next();
        } finally {
            note("select", t);
        }
    }

    private void insert(Connection c, boolean commit) throws SQLException {
        long t = now();
        try {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + FaultDb.TABLE + " (run, committed) VALUES (?, ?)")) {
                ps.setString(1, run);
                ps.setBoolean(2, commit);
                ps.executeUpdate();
            }
            if (commit) {
                c.commit();
            }
        } finally {
            note(commit ? "insert+commit" : "insert", t);
        }
    }

    private void note(String call, long since) {
        long now = now();
        longestCall.note(call, now - since, now);
    }

    private void fail(long startedAt, String worker, String id, String call, SQLException e) {
        if (id != null) {
            failedConnections.put(id, Boolean.TRUE);
        }
        String message = String.valueOf(e.getMessage());
        int eol = message.indexOf('\n');
        message = message.substring(0, Math.min(eol < 0 ? message.length() : eol, 160));
        ledger.record(new FailureAccounting.Failure(startedAt, now(), worker, id, call,
                e.getClass().getSimpleName() + " [" + e.getSQLState() + "] " + message));
    }

    // ---------------------------------------------------------------- results

    List<String> lentAfterFailure() {
        return new ArrayList<>(lentAfterFailure);
    }

    /** Completed operations in [from, to) (nanos since start, 10 ms resolution). */
    int okBetween(long from, long to) {
        return ok.between(from, to);
    }

    long okTotal() {
        return ok.total();
    }

    long longestCallNanos() {
        return longestCall.nanos();
    }

    String longestCall() {
        return longestCall.toString();
    }
}
