package dev.tidepool.core.internal;

import dev.tidepool.core.PoolSaturatedException;
import dev.tidepool.core.PoolStats;
import dev.tidepool.core.PoolTimeoutException;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * How a borrow that gets nothing ends: the exception it throws, counted in the stats and heard
 * by the listeners. Each message names the pool, the wait and the counts at that moment.
 */
final class BorrowFailures {
    private final String poolName;
    private final String noun;
    private final ListenerHub listener;
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    BorrowFailures(String poolName, String noun, ListenerHub listener) {
        this.poolName = poolName;
        this.noun = noun;
        this.listener = listener;
    }

    /** The acquire timeout passed; {@code lastCreateFailure} (or null) is the likely reason. */
    PoolTimeoutException timedOut(PoolStats stats, long timeoutNanos, Throwable lastCreateFailure) {
        return timeout(stats, timeoutNanos, "", lastCreateFailure);
    }

    /** The acquire timeout passed while the pool was suspended. */
    PoolTimeoutException timedOutSuspended(PoolStats stats, long timeoutNanos) {
        return timeout(stats, timeoutNanos, ": the pool is suspended", null);
    }

    private PoolTimeoutException timeout(PoolStats stats, long timeoutNanos, String why, Throwable cause) {
        timeouts.increment();
        listener.timedOut(stats);
        long millis = Duration.ofNanos(timeoutNanos).toMillis();
        return new PoolTimeoutException(poolName + " - no " + noun + " available within " + millis
                + " ms" + why + " (" + stats.counts() + ")", cause, stats, millis);
    }

    /**
     * Load shedding: {@code maxWaiters} threads already wait. Read without a lock, so threads
     * arriving at the same instant may each see one waiter fewer: the limit holds to within the
     * number of simultaneous arrivals, which is what shedding needs (fail fast, not exact counts).
     */
    PoolSaturatedException shed(PoolStats stats, int maxWaiters) {
        rejected.increment();
        listener.rejected(stats);
        return new PoolSaturatedException(poolName + " - " + stats.waiting() + " threads already wait for a " + noun
                + " (maxWaiters=" + maxWaiters + "): not queueing another (" + stats.counts() + ")", stats, maxWaiters);
    }

    InterruptedException interrupted() {
        return new InterruptedException(poolName + " - interrupted while waiting for a " + noun);
    }

    long timeouts() {
        return timeouts.sum();
    }

    long rejected() {
        return rejected.sum();
    }
}
