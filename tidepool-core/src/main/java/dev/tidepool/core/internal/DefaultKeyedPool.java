package dev.tidepool.core.internal;

import dev.tidepool.core.EngineView;
import dev.tidepool.core.HolderInfo;
import dev.tidepool.core.HolderWatch;
import dev.tidepool.core.KeyedEnginePool;
import dev.tidepool.core.Lease;
import dev.tidepool.core.PoolClosedException;
import dev.tidepool.core.PoolListener;
import dev.tidepool.core.PoolSettings;
import dev.tidepool.core.PoolStats;
import dev.tidepool.core.Registration;
import dev.tidepool.core.ResourceFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Sub-pools per key under one shared limit. Each sub-pool is a full {@link SubPool} (its own
 * waiters, FIFO, lifetimes); they share the threads, the housekeeping pass and the
 * {@link SharedLimit}. When a key cannot create for lack of total capacity, an idle entry of
 * another key is destroyed; when its slot frees up, every key with waiters retries.
 *
 * <p>A key's sub-pool is removed once it has stayed unused (nothing open, created or waited for)
 * for {@code idleTimeout}, at most {@link #MAX_UNUSED_KEY_RETENTION_NANOS} (also when idleTimeout is
 * 0), checked by the housekeeping pass: keys are often
 * unbounded (one per credentials in the JDBC layer, where every wrong password is a key) and must
 * not pile up. Removal races with borrowers who already hold the sub-pool: see
 * {@link SubPool#tryRetire()}; {@link #borrow} asks again when it meets a retired one. Counters of
 * removed sub-pools stay in {@link #stats()}.
 */
public final class DefaultKeyedPool<K, T> implements KeyedEnginePool<K, T> {
    private final Function<K, ResourceFactory<T>> factories;
    /** For sub-pools created from now on; maxSize changes at runtime ({@link #setMaxSize}). */
    private volatile PoolSettings perKey;
    /** Sub-pools created while this is set start suspended. */
    private volatile boolean suspended;
    private final String noun;
    private final PoolThreads threads;
    private final SharedLimit total;
    private final ConcurrentHashMap<K, SubPool<T>> pools = new ConcurrentHashMap<>();
    private final long acquireTimeoutNanos;
    /** Lending stopped ({@link #stopLending}): no new sub-pool, every borrow fails. */
    private volatile boolean closed;
    /** When lending stopped, for the drain's deadline; written before {@code closed}. */
    private volatile long lendingStoppedAt;
    /** {@link #close(Consumer)} began; under this object's lock. */
    private boolean closing;
    /** Installed on every sub-pool, present and future; null: none. */
    private volatile HolderWatch<T> holderWatch;
    /** The longest a key's sub-pool stays unused: this bounds what a flood of new keys can hold. */
    static final long MAX_UNUSED_KEY_RETENTION_NANOS = Duration.ofSeconds(30).toNanos();
    /** How long a key's sub-pool stays after it was last used: idleTimeout, at most the maximum. */
    private final long unusedRetentionNanos;
    // Counters of removed sub-pools, so that the totals in stats() never go down.
    private final LongAdder retiredCreated = new LongAdder();
    private final LongAdder retiredDestroyed = new LongAdder();
    private final LongAdder retiredCreateFailures = new LongAdder();
    private final LongAdder retiredTimeouts = new LongAdder();
    private final LongAdder retiredRejected = new LongAdder();

    public DefaultKeyedPool(Function<K, ResourceFactory<T>> factories, PoolSettings perKey, int maxTotal,
                            boolean housekeeping, String noun) {
        if (maxTotal < 1) {
            throw new IllegalArgumentException("maxTotal (" + maxTotal + ") must be >= 1");
        }
        if (perKey.maxSize() > maxTotal) {
            throw new IllegalArgumentException("maxPerKey (" + perKey.maxSize() + ") must be <= maxTotal (" + maxTotal + ")");
        }
        this.factories = factories;
        // One hub for every key's sub-pool: a listener attached to the keyed pool hears them all.
        // Numbered here, when the pool starts, not when its settings were built (decisions.md).
        this.perKey = perKey.toBuilder().listener(ListenerHub.of(perKey.listener()))
                .name(perKey.name() != null ? perKey.name() : PoolNames.next()).build();
        this.noun = noun;
        this.acquireTimeoutNanos = perKey.acquireTimeout().toNanos();
        long idle = perKey.idleTimeout().toNanos();
        this.unusedRetentionNanos = idle > 0 ? Math.min(idle, MAX_UNUSED_KEY_RETENTION_NANOS) : MAX_UNUSED_KEY_RETENTION_NANOS;
        this.threads = new PoolThreads(this.perKey.name());
        this.total = new SharedLimit(maxTotal, this::onCapacityFreed);
        if (housekeeping) {
            scheduleHousekeeping(0);
        }
    }

    private void scheduleHousekeeping(long delayNanos) {
        threads.schedule(() -> {
            long next = runMaintenance(perKey.ticker().nanoTime());
            if (!closed) {
                scheduleHousekeeping(next);
            }
        }, delayNanos);
    }

    /**
     * Borrows an entry of {@code key}'s sub-pool (created on first use), waiting at most
     * {@code timeoutNanos}; asks again for the key's sub-pool when the one it met was just removed.
     */
    @Override
    public Entry<T> borrow(K key, long timeoutNanos) throws InterruptedException {
        for (;;) {
            try {
                return engine(key).borrow(timeoutNanos);
            } catch (SubPool.Retired retired) {
                // removed while unused, before this borrower queued: the next engine(key) is a fresh one
            }
        }
    }

    /**
     * The sub-pool of a key, created on first use. It may be removed once unused: borrow through
     * {@link #borrow(Object, long)}, which handles that, rather than keeping the sub-pool.
     */
    @Override
    public SubPool<T> engine(K key) {
        if (closed) {
            throw new PoolClosedException(perKey.name());
        }
        SubPool<T> pool = pools.get(key);
        if (pool != null) {
            return pool;
        }
        pool = pools.computeIfAbsent(key, k -> {
            SubPool<T> created = new SubPool<>(perKey, noun, factories.apply(k), threads, total, this::makeRoomFor);
            HolderWatch<T> watch = holderWatch;
            if (watch != null) {
                created.watchHolders(watch);
            }
            if (suspended) {
                created.suspend();
            }
            created.requestCreate();
            return created;
        });
        if (suspended && !pool.isSuspended()) {
            pool.suspend(); // created while suspend() went over the others
        }
        return pool;
    }

    /** Attaches a listener to every key's sub-pool, present and future; close the registration to detach it. */
    public Registration addListener(PoolListener listener) {
        return ((ListenerHub) perKey.listener()).add(listener);
    }

    /** Suspends every key's sub-pool, present and future (see {@link SubPool#suspend()}). */
    @Override
    public void suspend() {
        suspended = true;
        pools.values().forEach(SubPool::suspend);
    }

    @Override
    public void resume() {
        suspended = false;
        pools.values().forEach(SubPool::resume);
    }

    /** Changes the per-key and total limits at runtime (validated by the caller). */
    @Override
    public synchronized void setMaxSize(int maxPerKey, int maxTotal) {
        perKey = perKey.toBuilder().maxSize(maxPerKey).minIdle(Math.min(perKey.minIdle(), maxPerKey)).build();
        total.setMax(maxTotal);
        pools.values().forEach(p -> p.setMaxSize(maxPerKey));
    }

    @Override
    public Lease<T> acquire(K key) throws InterruptedException {
        return new EntryLease<>(borrow(key, acquireTimeoutNanos));
    }

    @Override
    public Lease<T> acquire(K key, Duration timeout) throws InterruptedException {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout (" + timeout + ") must be > 0: nothing may wait forever");
        }
        return new EntryLease<>(borrow(key, timeout.toNanos()));
    }

    /** Closes one idle entry of another key so that {@code needy} can create. */
    private boolean makeRoomFor(SubPool<T> needy) {
        for (SubPool<T> other : pools.values()) {
            if (other != needy && other.evictOneIdle()) {
                return true;
            }
        }
        return false;
    }

    private void onCapacityFreed() {
        for (SubPool<T> pool : pools.values()) {
            if (pool.waitingCount() > 0) {
                pool.requestCreate();
            }
        }
    }

    @Override
    public Map<K, PoolStats> statsByKey() {
        Map<K, PoolStats> result = new LinkedHashMap<>();
        pools.forEach((k, p) -> result.put(k, p.stats()));
        return result;
    }

    @Override
    public PoolStats stats() {
        int totalOpen = 0, active = 0, idle = 0, waiting = 0, creating = 0;
        long created = retiredCreated.sum(), destroyed = retiredDestroyed.sum();
        long failures = retiredCreateFailures.sum(), timeouts = retiredTimeouts.sum(), rejected = retiredRejected.sum();
        String lastFailure = null;
        for (SubPool<T> p : pools.values()) {
            PoolStats s = p.stats();
            if (lastFailure == null) {
                lastFailure = s.lastCreateFailure();
            }
            totalOpen += s.total();
            active += s.active();
            idle += s.idle();
            waiting += s.waiting();
            creating += s.creating();
            created += s.created();
            destroyed += s.destroyed();
            failures += s.createFailures();
            timeouts += s.timeouts();
            rejected += s.rejected();
        }
        return new PoolStats(totalOpen, active, idle, waiting, creating, created, destroyed, failures, timeouts,
                rejected, lastFailure);
    }

    @Override
    public int totalOpen() {
        return total.used();
    }

    @Override
    public void softEvictAll() {
        pools.values().forEach(SubPool::softEvictAll);
    }

    @Override
    public long runMaintenance(long nowNanos) {
        long next = SubPool.TICK_NANOS;
        for (Map.Entry<K, SubPool<T>> e : pools.entrySet()) {
            SubPool<T> p = e.getValue();
            next = Math.min(next, p.runMaintenance(nowNanos));
            removeIfUnused(e.getKey(), p, nowNanos);
        }
        return next;
    }

    /** Removes a key's sub-pool once it has been unused for the retention time. */
    private void removeIfUnused(K key, SubPool<T> p, long now) {
        if (closed || !p.isUnused()) {
            p.unusedSince = 0;
            return;
        }
        if (p.unusedSince == 0) {
            p.unusedSince = now == 0 ? 1 : now;
            return;
        }
        if (now - p.unusedSince >= unusedRetentionNanos && p.tryRetire() && pools.remove(key, p)) {
            PoolStats s = p.stats();
            retiredCreated.add(s.created());
            retiredDestroyed.add(s.destroyed());
            retiredCreateFailures.add(s.createFailures());
            retiredTimeouts.add(s.timeouts());
            retiredRejected.add(s.rejected());
        }
    }

    /** Installs the layer above's watch over borrowed entries on every sub-pool, including later ones. */
    @Override
    public void watchHolders(HolderWatch<T> watch) {
        holderWatch = watch;
        pools.values().forEach(p -> p.watchHolders(watch));
    }

    /** The number of keys with a sub-pool now. */
    @Override
    public int keyCount() {
        return pools.size();
    }

    @Override
    public Optional<EngineView<T>> existingEngine(K key) {
        return Optional.ofNullable(pools.get(key));
    }

    /** A snapshot of the sub-pools now (for holder lists and diagnosis). */
    @Override
    public List<EngineView<T>> engines() {
        return new ArrayList<>(pools.values());
    }

    @Override
    public void close() {
        close(holder -> { });
    }

    @Override
    public synchronized void stopLending() {
        if (closed) {
            return;
        }
        lendingStoppedAt = System.nanoTime();
        closed = true;
        pools.values().forEach(SubPool::beginClose);
    }

    @Override
    public void close(Consumer<HolderInfo<T>> revoked) {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            stopLending();
        }
        long deadline = lendingStoppedAt + perKey.drainTimeout().toNanos();
        DefaultPool.awaitDrained(() -> total.used() == 0, deadline);
        pools.values().forEach(p -> p.destroyRemaining(revoked));
        DefaultPool.awaitDrained(() -> total.used() == 0, System.nanoTime() + perKey.validationTimeout().toNanos());
        threads.shutdown(perKey.validationTimeout().toNanos());
    }
}
