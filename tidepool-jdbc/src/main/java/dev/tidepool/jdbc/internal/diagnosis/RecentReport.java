package dev.tidepool.jdbc.internal.diagnosis;

import dev.tidepool.core.PoolStats;
import dev.tidepool.jdbc.Diagnosis;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Shares one exhaustion report among the waiters that time out together. A pool that runs dry
 * times out many waiters within moments, and each report takes one stack per borrowed
 * connection: 100 waiters of a 200-connection pool would take 20,000 stacks, in the middle of an
 * incident. So a report younger than {@link #MAX_AGE} for the same sub-pool is reused, with the
 * new waiter's headline and counts; the first waiter builds it while the others wait on a lock
 * (a {@link ReentrantLock}, so virtual threads unmount).
 */
public final class RecentReport {
    public static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final ReentrantLock lock = new ReentrantLock();
    private final LongSupplier clock;
    private final long maxAgeNanos;
    private Object source; // guarded by lock
    private Diagnosis last; // guarded by lock
    private long builtAt; // guarded by lock

    public RecentReport() {
        this(MAX_AGE, System::nanoTime);
    }

    /** With a given age limit and clock (tests use a fake one). */
    public RecentReport(Duration maxAge, LongSupplier clock) {
        this.maxAgeNanos = maxAge.toNanos();
        this.clock = clock;
    }

    /**
     * The report for {@code source} (a sub-pool): a recent one with {@code headline} and
     * {@code stats} put in, else a new one from {@code build}.
     */
    public Diagnosis get(Object source, String headline, PoolStats stats, Supplier<Diagnosis> build) {
        lock.lock();
        try {
            long now = clock.getAsLong();
            if (last != null && this.source == source && now - builtAt < maxAgeNanos) {
                return withHeadline(last, headline, stats);
            }
            Diagnosis d = build.get();
            this.source = source;
            this.last = d;
            this.builtAt = now;
            return d;
        } finally {
            lock.unlock();
        }
    }

    /** {@code d} under another first line (the headline never spans lines). */
    static Diagnosis withHeadline(Diagnosis d, String headline, PoolStats stats) {
        String text = d.text();
        int eol = text.indexOf('\n');
        return new Diagnosis(d.poolName(), d.kind(), stats, d.groups(), d.holdersNotShown(), d.verdict(),
                d.connectFailure(), headline + (eol < 0 ? "" : text.substring(eol)));
    }
}
