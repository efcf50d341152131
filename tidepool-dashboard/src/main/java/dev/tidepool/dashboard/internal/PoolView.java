package dev.tidepool.dashboard.internal;

import dev.tidepool.core.DestroyReason;
import dev.tidepool.core.PoolStats;
import dev.tidepool.core.Registration;
import dev.tidepool.jdbc.Diagnosis;
import dev.tidepool.jdbc.TidepoolDataSource;

import java.time.Duration;
import java.util.Locale;

/**
 * One pool as the dashboard sees it: its history, recent events and connect failures, kept up by
 * {@link #sample(long)} once a second on the sampler thread from the pool's counts and what its
 * {@link PoolRecorder} heard. Stacks are taken only for the diagnosis while threads wait (and
 * by the holders table while a page asks for it).
 */
public final class PoolView {

    private static final DestroyReason[] REASONS = DestroyReason.values();

    private final String name;
    private final TidepoolDataSource dataSource;
    private final History history = new History();
    private final EventLog events = new EventLog();
    private final PoolRecorder recorder;
    private final ConnectFailures connectFailures = new ConnectFailures();
    // Sampler thread only:
    private final LatencyRecorder.Interval waits;
    private final LatencyRecorder.Interval uses;
    private final long[] destroyedBefore = new long[REASONS.length];
    private PoolStats before;
    private long beforeMillis;
    /** Written by the sampler, read by HTTP threads. */
    private volatile Verdict verdict;

    private volatile Registration registration;

    private final boolean timings;

    /** @param timings whether to ask the pool for the timing events (wait, use, throughput charts) */
    public PoolView(TidepoolDataSource dataSource, boolean timings) {
        this.timings = timings;
        this.name = dataSource.poolName();
        this.dataSource = dataSource;
        this.recorder = new PoolRecorder(events, () -> dataSource.acquireTimeout().toNanos(), timings);
        this.waits = new LatencyRecorder.Interval(recorder.waits());
        this.uses = new LatencyRecorder.Interval(recorder.uses());
    }

    /** Starts listening to the pool: from now on it reads the clock for the timing events. */
    public void attach() {
        registration = dataSource.addListener(recorder);
    }

    /** Stops listening: the pool's borrow path is as it was without a dashboard. */
    public void detach() {
        Registration r = registration;
        if (r != null) {
            r.close();
        }
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
        return timings && registration != null;
    }

    /** One sampling pass at {@code nowMillis}: a history row, and events for what changed. */
    public void sample(long nowMillis) {
        PoolStats s = dataSource.stats();
        double seconds = before == null ? 1 : Math.max(0.001, (nowMillis - beforeMillis) / 1000.0);
        long newTimeouts = before == null ? s.timeouts() : s.timeouts() - before.timeouts();
        long newFailures = before == null ? s.createFailures() : s.createFailures() - before.createFailures();
        LatencyRecorder.Counts w = waits.next();
        LatencyRecorder.Counts u = uses.next();
        history.add(new Sample(nowMillis, s.total(), s.active(), s.idle(), s.waiting(), s.creating(),
                dataSource.maxSize(), timings ? Math.max(0, w.count() - newTimeouts) / seconds : -1,
                newTimeouts / seconds,
                w.percentileMillis(50), w.percentileMillis(99), u.percentileMillis(50), u.percentileMillis(99)));
        if (newTimeouts > 0) {
            events.add(nowMillis, "timeout", newTimeouts + " acquire timeout" + (newTimeouts == 1 ? "" : "s")
                    + " (acquireTimeout " + seconds(dataSource.config().acquireTimeout()) + "; " + s.counts() + ")");
        }
        if (newFailures > 0 && s.lastCreateFailure() != null) {
            connectFailures.add(s.lastCreateFailure(), newFailures, nowMillis);
            events.add(nowMillis, "connect-failure", s.lastCreateFailure());
        }
        noteDestroyed(nowMillis);
        diagnoseIfWaiting(nowMillis, s);
        before = s;
        beforeMillis = nowMillis;
    }

    private void noteDestroyed(long nowMillis) {
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
