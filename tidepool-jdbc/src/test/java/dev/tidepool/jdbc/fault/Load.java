package dev.tidepool.jdbc.fault;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Many threads borrowing, querying and returning, recording what a fault test asserts on: every
 * failed operation (when, on which physical connection, in which call), successful operations per
 * 10 ms, the longest single application call, and every connection lent again after an operation
 * on it had already failed.
 *
 * <p>An operation is one borrow, then one of: a read ({@code SELECT 1}); a committed insert; or an
 * insert marked {@code committed=false} whose connection is closed with the transaction still open
 * (the pool must roll it back: such a row must never become visible). Each worker paces itself
 * ({@code pace} between operations) so the load leaves the shared machine some CPU.
 */
final class Load {
    /** A failed operation: when (nanos since start), on which connection (null: the borrow failed), in which call. */
    record Failure(long at, String connection, String call, String error) {
        @Override
        public String toString() {
            return String.format("%.3fs %s %s: %s", at / 1e9, call, connection, error);
        }
    }

    private final DataSource ds;
    private final String run;
    private final int workers;
    private final long paceNanos;
    private final String table;
    private final OkBuckets ok;
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final Set<String> failedConnections = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<String> lentAfterFailure = new ConcurrentLinkedQueue<>();
    private final LongestCall longestCall = new LongestCall();
    private Workers threads;

    Load(DataSource ds, String run, int workers, Duration pace, Duration longest) {
        this.ds = ds;
        this.run = run;
        this.workers = workers;
        this.paceNanos = pace.toNanos();
        this.table = FaultDb.TABLE;
        this.ok = new OkBuckets(longest);
    }

    /** Starts the workers and returns once every one of them is running. */
    Load start() throws InterruptedException {
        threads = new Workers(System.nanoTime());
        threads.start(workers, i -> "fault-load-" + run + "-" + i, i -> this::work);
        return this;
    }

    /** Nanos since {@link #start()}. */
    long now() {
        return threads.now();
    }

    /** Workers stop borrowing (they finish the operation under way) until {@link #resume()}. */
    void pause() {
        threads.pause();
    }

    void resume() {
        threads.resume();
    }

    /**
     * Stops the workers and waits at most {@code bound} for them to end. Returns a description of
     * every worker still running (stuck) with its stack, empty when none is.
     */
    List<String> stop(Duration bound) throws InterruptedException {
        return threads.stop(bound);
    }

    private void work() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (threads.running()) {
            if (threads.heldBack()) {
                continue;
            }
            operation(random.nextInt(16));
            LockSupport.parkNanos(paceNanos);
        }
    }

    private void operation(int kind) {
        long t0 = System.nanoTime();
        Connection c;
        try {
            c = ds.getConnection();
        } catch (SQLException e) {
            noteCall("getConnection", t0);
            fail(null, "getConnection", e);
            return;
        }
        noteCall("getConnection", t0);
        String id = c.toString();
        if (failedConnections.contains(id)) {
            lentAfterFailure.add(String.format("%.3fs %s", now() / 1e9, id));
        }
        String call = "execute";
        try {
            if (kind >= 5) {
                call = "select";
                timed(call, () -> {
                    try (PreparedStatement ps = c.prepareStatement("SELECT 1"); ResultSet rs = ps.executeQuery()) {
                        rs.next();
                    }
                });
            } else {
                boolean commit = kind != 0;
                call = "setAutoCommit";
                timed(call, () -> c.setAutoCommit(false));
                call = "insert";
                timed(call, () -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (run, committed) VALUES (?, ?)")) {
                        ps.setString(1, run);
                        ps.setBoolean(2, commit);
                        ps.executeUpdate();
                    }
                });
                if (commit) {
                    call = "commit";
                    timed(call, c::commit);
                }
            }
            ok.add(now());
        } catch (SQLException e) {
            fail(id, call, e);
        } finally {
            long t = System.nanoTime();
            try {
                c.close();
            } catch (SQLException e) {
                fail(id, "close", e);
            }
            noteCall("close", t);
        }
    }

    @FunctionalInterface
    private interface SqlCall {
        void run() throws SQLException;
    }

    private void timed(String what, SqlCall call) throws SQLException {
        long t = System.nanoTime();
        try {
            call.run();
        } finally {
            noteCall(what, t);
        }
    }

    private void noteCall(String what, long since) {
        longestCall.note(what, System.nanoTime() - since, now());
    }

    private void fail(String id, String call, SQLException e) {
        if (id != null) {
            failedConnections.add(id);
        }
        String message = String.valueOf(e.getMessage());
        failures.add(new Failure(now(), id, call, e.getClass().getSimpleName() + " [" + e.getSQLState() + "] "
                + message.substring(0, Math.min(160, message.length()))));
    }

    // ---------------------------------------------------------------- results

    List<Failure> failures() {
        return new ArrayList<>(failures);
    }

    List<Failure> failuresBetween(long from, long to) {
        return failures.stream().filter(f -> f.at() >= from && f.at() < to).collect(Collectors.toList());
    }

    /** Connections on which an operation failed more than once: a known-dead connection lent again. */
    List<String> lentAfterFailure() {
        return new ArrayList<>(lentAfterFailure);
    }

    /** Successful operations completed in [from, to) (nanos since start, 10 ms resolution). */
    int okBetween(long from, long to) {
        return ok.between(from, to);
    }

    /** Nanos from {@code from} to the first 10 ms bucket with a successful operation; -1 if none. */
    long firstOkAfter(long from) {
        for (long t = from / OkBuckets.BUCKET_NANOS * OkBuckets.BUCKET_NANOS; t < now(); t += OkBuckets.BUCKET_NANOS) {
            if (okBetween(t, t + OkBuckets.BUCKET_NANOS) > 0) {
                return Math.max(0, t - from);
            }
        }
        return -1;
    }

    int okTotal() {
        return ok.total();
    }

    /**
     * Nanos from {@code faultAt} until throughput is back: the start of the first 200 ms window,
     * after the last failure that followed the fault, that completes at least 80 % of the
     * operations {@code baselinePerSecond} predicts. -1 if it never came back.
     */
    long recoveryAfter(long faultAt, double baselinePerSecond) {
        long window = TimeUnit.MILLISECONDS.toNanos(200);
        long from = faultAt;
        for (Failure f : failures) {
            if (f.at() >= faultAt && f.at() > from) {
                from = f.at();
            }
        }
        double wanted = baselinePerSecond * 0.2 * 0.8;
        for (long t = from / OkBuckets.BUCKET_NANOS * OkBuckets.BUCKET_NANOS; t + window <= now(); t += OkBuckets.BUCKET_NANOS) {
            if (okBetween(t, t + window) >= wanted) {
                return Math.max(0, t - faultAt);
            }
        }
        return -1;
    }

    /** The longest stretch in [from, to) with no successful operation (10 ms resolution). */
    long longestGap(long from, long to) {
        long longest = 0;
        long gapStart = from;
        for (long t = from / OkBuckets.BUCKET_NANOS * OkBuckets.BUCKET_NANOS; t < to; t += OkBuckets.BUCKET_NANOS) {
            if (okBetween(t, t + OkBuckets.BUCKET_NANOS) > 0) {
                longest = Math.max(longest, t - gapStart);
                gapStart = t + OkBuckets.BUCKET_NANOS;
            }
        }
        return Math.max(longest, to - gapStart);
    }

    long longestCallNanos() {
        return longestCall.nanos();
    }

    String longestCall() {
        return longestCall.toString();
    }
}
