package dev.tidepool.dashboard.internal;

import dev.tidepool.core.DestroyReason;
import dev.tidepool.core.PoolStats;
import dev.tidepool.jdbc.ConnectionHolder;
import dev.tidepool.jdbc.Diagnosis;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.jdbc.internal.diagnosis.SqlText;
import dev.tidepool.jdbc.internal.diagnosis.StackReducer;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One pool as the dashboard sees it: its history, recent events and connect failures, kept up by
 * {@link #sample(long)} once a second on the sampler thread. Sampling reads the pool's counts and,
 * when a threshold is set, its holders (no stacks), so it costs the pool nothing on the borrow
 * path; a thread's stack is taken only for an event about it, and for the holders table and
 * the diagnosis while someone asks for them.
 */
public final class PoolView {

    /** A hold reported as idle in transaction or leaked is the same borrow if its start is this close. */
    private static final long SAME_BORROW_MILLIS = 1_000;
    private static final DestroyReason[] REASONS = DestroyReason.values();

    private final String name;
    private final TidepoolDataSource dataSource;
    private final PoolRecorder recorder;
    private final History history = new History();
    private final EventLog events = new EventLog();
    private final ConnectFailures connectFailures = new ConnectFailures();
    // Sampler thread only:
    private final LatencyRecorder.Interval waits;
    private final LatencyRecorder.Interval uses;
    private final long[] destroyedBefore = new long[REASONS.length];
    private final Map<Long, Long> idleReported = new HashMap<>();
    private final Map<Long, Long> leakReported = new HashMap<>();
    private PoolStats before;
    private long beforeMillis;
    /** Written by the sampler, read by HTTP threads. */
    private volatile Verdict verdict;

    /** @param recorder the listener attached to the pool, or null when none could be */
    public PoolView(TidepoolDataSource dataSource, PoolRecorder recorder) {
        this.name = dataSource.poolName();
        this.dataSource = dataSource;
        this.recorder = recorder;
        this.waits = recorder == null ? null : new LatencyRecorder.Interval(recorder.waits());
        this.uses = recorder == null ? null : new LatencyRecorder.Interval(recorder.uses());
    }

    public String name() {
        return name;
    }

    public TidepoolDataSource dataSource() {
        return dataSource;
    }

    public History history() {
        return history;
    }

    public EventLog events() {
        return events;
    }

    public ConnectFailures connectFailures() {
        return connectFailures;
    }

    /** Whether borrow timings reach the dashboard (wait, use and throughput charts). */
    public boolean timed() {
        return recorder != null;
    }

    /** One sampling pass at {@code nowMillis}: a history row, and events for what changed. */
    public void sample(long nowMillis) {
        PoolStats s = dataSource.stats();
        double seconds = before == null ? 1 : Math.max(0.001, (nowMillis - beforeMillis) / 1000.0);
        long newTimeouts = before == null ? s.timeouts() : s.timeouts() - before.timeouts();
        long newFailures = before == null ? s.createFailures() : s.createFailures() - before.createFailures();
        LatencyRecorder.Counts w = waits == null ? null : waits.next();
        LatencyRecorder.Counts u = uses == null ? null : uses.next();
        boolean usesKnown = u != null && recorder.usesHeard();
        history.add(new Sample(nowMillis, s.total(), s.active(), s.idle(), s.waiting(), s.creating(),
                dataSource.config().maxSize(), w == null ? -1 : w.count() / seconds, newTimeouts / seconds,
                w == null ? Double.NaN : w.percentileMillis(50), w == null ? Double.NaN : w.percentileMillis(99),
                usesKnown ? u.percentileMillis(50) : Double.NaN, usesKnown ? u.percentileMillis(99) : Double.NaN));
        if (newTimeouts > 0) {
            events.add(nowMillis, "timeout", newTimeouts + " acquire timeout" + (newTimeouts == 1 ? "" : "s")
                    + " (acquireTimeout " + seconds(dataSource.config().acquireTimeout()) + "; " + s.counts() + ")");
        }
        if (newFailures > 0 && s.lastCreateFailure() != null) {
            connectFailures.add(s.lastCreateFailure(), newFailures, nowMillis);
            events.add(nowMillis, "connect-failure", s.lastCreateFailure());
        }
        noteDestroyed(nowMillis, s);
        watchHolders(nowMillis);
        diagnoseIfWaiting(nowMillis, s);
        before = s;
        beforeMillis = nowMillis;
    }

    private void noteDestroyed(long nowMillis, PoolStats s) {
        if (recorder == null) {
            long closed = before == null ? 0 : s.destroyed() - before.destroyed();
            if (closed > 0) {
                events.add(nowMillis, "closed", closed + " connection" + (closed == 1 ? "" : "s") + " closed");
            }
            return;
        }
        for (DestroyReason r : REASONS) {
            long n = recorder.destroyedCount(r);
            long delta = n - destroyedBefore[r.ordinal()];
            destroyedBefore[r.ordinal()] = n;
            if (delta > 0 && r != DestroyReason.POOL_CLOSED) {
                events.add(nowMillis, "evicted", delta + " connection" + (delta == 1 ? "" : "s") + " closed: "
                        + r.name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
        }
    }

    /** Idle-in-transaction and held-too-long events, once per borrow, from the holders' snapshot. */
    private void watchHolders(long nowMillis) {
        Duration idleThreshold = dataSource.config().idleInTransactionThreshold();
        Duration leakThreshold = dataSource.config().leakThreshold();
        if (idleThreshold.isZero() && leakThreshold.isZero()) {
            return;
        }
        List<ConnectionHolder> holders = dataSource.holders();
        Set<Long> present = new HashSet<>();
        for (ConnectionHolder h : holders) {
            if (h.thread() == null) {
                continue;
            }
            long id = h.thread().getId();
            present.add(id);
            long borrowedAt = nowMillis - h.heldFor().toMillis();
            if (!idleThreshold.isZero() && h.inTransaction() && h.sinceLastActivity().compareTo(idleThreshold) >= 0
                    && firstReport(idleReported, id, borrowedAt)) {
                events.add(nowMillis, "idle-in-transaction", "thread " + h.threadName() + " has held a connection for "
                        + seconds(h.heldFor()) + " with a transaction open and no JDBC call for "
                        + seconds(h.sinceLastActivity()) + ", now in " + nowIn(h) + lastSql(h));
            }
            if (!leakThreshold.isZero() && h.heldFor().compareTo(leakThreshold) >= 0
                    && firstReport(leakReported, id, borrowedAt)) {
                events.add(nowMillis, "leak", "thread " + h.threadName() + " has held a connection for "
                        + seconds(h.heldFor()) + " (leakThreshold " + seconds(leakThreshold) + "), borrowed at "
                        + StackReducer.DEFAULT.describe(h.borrowStack(), HolderRow.FRAMES) + lastSql(h));
            }
        }
        idleReported.keySet().retainAll(present);
        leakReported.keySet().retainAll(present);
    }

    private static boolean firstReport(Map<Long, Long> reported, long threadId, long borrowedAt) {
        Long seen = reported.get(threadId);
        if (seen != null && Math.abs(seen - borrowedAt) < SAME_BORROW_MILLIS) {
            return false;
        }
        reported.put(threadId, borrowedAt);
        return true;
    }

    private static String nowIn(ConnectionHolder h) {
        Thread t = h.thread();
        return StackReducer.DEFAULT.describe(t.isAlive() ? t.getStackTrace() : new StackTraceElement[0],
                HolderRow.FRAMES);
    }

    private static String lastSql(ConnectionHolder h) {
        return h.lastSql() == null ? "" : "; last SQL: " + SqlText.shown(h.lastSql());
    }

    /**
     * While threads wait for a connection, the pool's diagnosis, taken at most once a second on
     * the sampler thread (one stack per borrowed connection, only while the pool runs dry); an
     * event when its kind changes.
     */
    private void diagnoseIfWaiting(long nowMillis, PoolStats s) {
        if (s.waiting() == 0) {
            return;
        }
        Diagnosis d = dataSource.diagnose();
        Verdict previous = verdict;
        verdict = new Verdict(d, nowMillis);
        if (previous == null || previous.diagnosis().kind() != d.kind() || nowMillis - previous.atMillis() > 60_000) {
            events.add(nowMillis, "exhausted", d.verdict());
        }
    }

    /** The last diagnosis taken while threads waited, and when; null if the pool never ran dry. */
    public Verdict lastVerdict() {
        return verdict;
    }

    /** A diagnosis and when it was taken. */
    public record Verdict(Diagnosis diagnosis, long atMillis) {
    }

    /** A record of something done from the page, in the pool's event log. */
    public void noteAction(long nowMillis, String what) {
        events.add(nowMillis, "action", what);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toNanos() / 1e9);
    }
}
