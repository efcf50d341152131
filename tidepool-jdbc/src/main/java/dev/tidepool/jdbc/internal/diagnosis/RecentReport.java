package dev.tidepool.jdbc.internal.diagnosis;

import dev.tidepool.core.PoolStats;
import dev.tidepool.jdbc.Diagnosis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Shares one exhaustion report among the waiters that time out together. A pool that runs dry
 * times out many waiters within moments, and each report takes one stack per borrowed
 * connection: 100 waiters of a 200-connection pool would take 20,000 stacks, in the middle of an
 * incident. So a report younger than {@link #MAX_AGE} for the same sub-pool is reused, with the
 * new waiter's headline and counts; one waiter builds a new one under a lock (a
 * {@link ReentrantLock}, so virtual threads unmount).
 *
 * <p>A waiter waits at most {@link #MAX_WAIT} for that lock. It has already spent its
 * acquireTimeout (or, shed by maxWaiters, must fail at once), and building can be slow under
 * starvation (a stack per holder from a loaded machine; on MariaDB a waiter was seen blocked over
 * 20 s behind another's build). Past the bound it gets the last report for the same sub-pool, if
 * one is younger than {@link #STALE_LIMIT}, under its own headline saying how old the holders
 * are; else nothing, and the caller sends the counts alone.
 */
public final class RecentReport {
    public static final Duration MAX_AGE = Duration.ofSeconds(1);
    /** The longest a waiter waits for another waiter's report. */
    public static final Duration MAX_WAIT = Duration.ofMillis(100);
    /** A report older than this is not handed out as a fallback: its holders say too little about now. */
    public static final Duration STALE_LIMIT = Duration.ofSeconds(60);

    /** A built report: for which sub-pool, and when (the clock's nanos). */
    private record Built(Object source, Diagnosis report, long at) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final LongSupplier clock;
    private final long maxAgeNanos;
    private final long maxWaitNanos;
    private volatile Built last; // written under lock, read without it

    public RecentReport() {
        this(MAX_AGE, System::nanoTime);
    }

    /** With a given age limit and clock (tests use a fake one). */
    public RecentReport(Duration maxAge, LongSupplier clock) {
        this(maxAge, clock, MAX_WAIT);
    }

    /** With a given age limit, clock and bound on the wait for another waiter's report. */
    public RecentReport(Duration maxAge, LongSupplier clock, Duration maxWait) {
        this.maxAgeNanos = maxAge.toNanos();
        this.clock = clock;
        this.maxWaitNanos = maxWait.toNanos();
    }

    /**
     * The report for {@code source} (a sub-pool): a recent one with {@code headline} and
     * {@code stats} put in, else a new one from {@code build}; if another thread is building one
     * for longer than the wait bound, the last one (said to be older) or, when there is none
     * younger than {@link #STALE_LIMIT}, {@code null}.
     */
    public Diagnosis get(Object source, String headline, PoolStats stats, Supplier<Diagnosis> build) {
        Built b = last;
        if (fresh(b, source, clock.getAsLong())) {
            return withHeadline(b.report, headline, stats);
        }
        boolean locked;
        try {
            locked = lock.tryLock(maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            locked = false;
        }
        if (!locked) {
            return fallback(source, headline, stats);
        }
        try {
            long now = clock.getAsLong();
            b = last;
            if (fresh(b, source, now)) {
                return withHeadline(b.report, headline, stats);
            }
            Diagnosis d = build.get();
            last = new Built(source, d, now);
            return d;
        } finally {
            lock.unlock();
        }
    }

    private boolean fresh(Built b, Object source, long now) {
        return b != null && b.source == source && now - b.at < maxAgeNanos;
    }

    private Diagnosis fallback(Object source, String headline, PoolStats stats) {
        Built b = last;
        long now = clock.getAsLong();
        if (fresh(b, source, now)) {
            return withHeadline(b.report, headline, stats); // built meanwhile: as good as a shared one
        }
        long age = b == null ? 0 : now - b.at;
        if (b == null || b.source != source || age >= STALE_LIMIT.toNanos()) {
            return null;
        }
        return withHeadline(b.report, headline + " (holders as of " + TimeUnit.NANOSECONDS.toMillis(age)
                + " ms ago: a newer report is still being built)", stats);
    }

    /** {@code d} under another first line (the headline never spans lines). */
    static Diagnosis withHeadline(Diagnosis d, String headline, PoolStats stats) {
        String text = d.text();
        int eol = text.indexOf('\n');
        return new Diagnosis(d.poolName(), d.kind(), stats, d.groups(), d.holdersNotShown(), d.verdict(),
                d.connectFailure(), headline + (eol < 0 ? "" : text.substring(eol)));
    }
}
