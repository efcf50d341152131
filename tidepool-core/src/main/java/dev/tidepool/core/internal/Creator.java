package dev.tidepool.core.internal;

import dev.tidepool.core.DestroyReason;
import dev.tidepool.core.PoolUnavailableException;
import dev.tidepool.core.ResourceFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Creates the resources a sub-pool needs, on the pool's worker threads, never on a borrower's.
 *
 * <p>At most {@link #MAX_CONCURRENT_CREATES} creations run at once; while creations keep
 * failing, one probe, plus one beside each attempt stuck in connect or login for a while
 * ({@link CreateAttempts}); each re-checks demand before it connects, so creations nobody needs
 * any more are dropped. A failed creation is retried with exponential back-off counted from its
 * start (one pending retry at a time) while demand remains; a failure the factory calls
 * persistent (wrong password, unknown database) fails the waiters at once.
 */
final class Creator<T> {
    static final int MAX_CONCURRENT_CREATES = 2;
    static final long MIN_RETRY_NANOS = Duration.ofMillis(25).toNanos();
    static final long MAX_RETRY_NANOS = Duration.ofSeconds(1).toNanos();

    private final SubPool<T> pool;
    private final EntryTable<T> table;
    private final WaitLine<T> line;
    private final Capacity capacity;
    private final LendPolicy policy;
    private final ResourceFactory<T> factory;
    private final PoolThreads threads;
    /** Asks the keyed pool to free a slot of another key (the shared limit is reached); may be null without one. */
    private final Predicate<SubPool<T>> roomMaker;
    private final AtomicInteger creating = new AtomicInteger();
    private final LongAdder created = new LongAdder();
    private final CreateFailures failures;
    private final CreateAttempts attempts = new CreateAttempts();
    /**
     * A retry after a failed creation is pending: nothing else starts a creation until it runs.
     * Set only by the failure that schedules it (one pending retry at most, or stale retries of
     * earlier failures would clear it early and defeat the back-off).
     */
    private final AtomicBoolean retryScheduled = new AtomicBoolean();

    Creator(SubPool<T> pool, EntryTable<T> table, WaitLine<T> line, Capacity capacity, LendPolicy policy,
            ResourceFactory<T> factory, PoolThreads threads, Predicate<SubPool<T>> roomMaker) {
        this.pool = pool;
        this.table = table;
        this.line = line;
        this.capacity = capacity;
        this.policy = policy;
        this.factory = factory;
        this.threads = threads;
        this.roomMaker = roomMaker;
        this.failures = new CreateFailures(pool.name, pool.noun, factory, pool.ticker);
    }

    /** Starts creations while there is demand, capacity and fewer than the allowed number under way. */
    void requestCreate() {
        if (retryScheduled.get()) {
            return; // a failed creation waits out its back-off; the retry re-checks demand
        }
        if (capacity.fullWithoutSharing()) {
            return; // full: the common case under load, answered without scanning the entries
        }
        // While creations fail, one probe at a time, plus one beside each probe stuck in connect or
        // login (CreateAttempts): a fresh one gets through as soon as the network is back.
        int stale = staleAttempts();
        int most = failures.streak() == 0 ? MAX_CONCURRENT_CREATES : CreateAttempts.probesAllowed(stale);
        for (;;) {
            int c = creating.get();
            if (c >= most || shortfall(c - stale) <= 0) {
                return;
            }
            if (!creating.compareAndSet(c, c + 1)) {
                continue;
            }
            if (!capacity.reserve()) {
                creating.decrementAndGet();
                if (capacity.shared() && line.waiting() > 0) {
                    roomMaker.test(pool);
                }
                return;
            }
            if (!threads.execute(this::createOne)) {
                creating.decrementAndGet();
                capacity.release();
                return;
            }
        }
    }

    /** Creations presumed stuck (under way a while) while creations fail; 0 while they succeed. */
    private int staleAttempts() {
        return failures.streak() == 0 ? 0 : attempts.stale(pool.ticker.nanoTime());
    }

    /** How many more resources are wanted, beyond the {@code inFlight} creations under way. */
    private int shortfall(int inFlight) {
        if (!pool.acceptsNewEntries()) {
            return 0;
        }
        int idle = table.idleCount();
        int forWaiters = line.waiting() - idle;
        int forMinIdle = pool.minIdle() - idle;
        return Math.max(forWaiters, forMinIdle) - inFlight;
    }

    private void createOne() {
        if (shortfall(creating.get() - 1 - staleAttempts()) <= 0) {
            // Demand vanished while this creation was queued, or only seems to: a sibling that has
            // offered its entry still counts as under way until it ends. Checked again once this one
            // no longer counts either, or the last wanted creation is lost (two siblings each seeing
            // the other as under way).
            capacity.release();
            creating.decrementAndGet();
            requestCreate();
            return;
        }
        boolean success = false;
        int attempt = -1;
        long begin = 0;
        try {
            begin = pool.ticker.nanoTime();
            attempt = attempts.begin(begin);
            T resource = factory.create();
            long now = pool.tick(pool.ticker.nanoTime());
            Entry<T> e = new Entry<>(pool, resource, now, policy.retireAt(now), policy.nextKeepalive(now));
            table.add(e);
            created.increment();
            failures.succeeded();
            success = true;
            pool.listeners().created(Duration.ofNanos(now - begin));
            if (pool.isClosed()) {
                pool.destroy(e, DestroyReason.POOL_CLOSED);
            } else {
                line.offer(e);
            }
        } catch (Throwable t) {
            capacity.release();
            onCreateFailed(t, begin);
        } finally {
            attempts.end(attempt);
            creating.decrementAndGet();
        }
        if (success) {
            requestCreate();
        }
    }

    private void onCreateFailed(Throwable t, long begin) {
        int streak = failures.failed(t);
        pool.listeners().createFailed(t);
        if (t instanceof Error && !(t instanceof LinkageError)) {
            throw (Error) t;
        }
        // Before anything was ever created, a refused port or an unknown host is a verdict too.
        if (factory.failsFast(t) || (created.sum() == 0 && factory.failsFastBeforeFirstCreate(t))) {
            failures.failedPersistently(t);
            if (table.size() == 0) {
                line.rejectAll(unavailable(t));
            }
        }
        long backoff = Math.min(MAX_RETRY_NANOS, MIN_RETRY_NANOS << Math.min(streak - 1, 20));
        // Counted from the attempt's start: one that waited out a connect timeout retries at once.
        long delay = factory.failsFast(t) ? backoff : CreateAttempts.remainingBackoff(backoff, begin, pool.ticker.nanoTime());
        if (retryScheduled.compareAndSet(false, true)) {
            threads.schedule(() -> {
                retryScheduled.set(false);
                requestCreate();
            }, delay);
        }
    }

    /**
     * Why a new waiter should not wait at all: creation failed for good, nothing is open, and
     * the next attempt is not due yet. Null otherwise.
     */
    PoolUnavailableException refusal() {
        Throwable persistent = failures.persistent();
        if (persistent != null && retryScheduled.get() && table.size() == 0) {
            return unavailable(persistent);
        }
        return null;
    }

    private PoolUnavailableException unavailable(Throwable cause) {
        return new PoolUnavailableException(pool.name + " - cannot create a " + pool.noun + ": " + cause.getMessage(), cause);
    }

    int creating() {
        return creating.get();
    }

    long created() {
        return created.sum();
    }

    CreateFailures failures() {
        return failures;
    }
}
