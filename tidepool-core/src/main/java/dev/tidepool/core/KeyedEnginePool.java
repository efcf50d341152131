package dev.tidepool.core;

import dev.tidepool.core.internal.DefaultKeyedPool;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link KeyedPool} for a layer built on it (the JDBC layer's credential partitions): borrows
 * lend the pool's own {@link PoolEntry} objects, as {@link EnginePool}'s engine does. A key's
 * engine that stays unused (nothing open, created or waited for) for {@code idleTimeout}, at most
 * 30 s, is removed, so keys may be unbounded (every wrong password is one).
 */
public interface KeyedEnginePool<K, T> extends KeyedPool<K, T> {

    /**
     * Starts a keyed pool, like {@link KeyedPool#create}.
     *
     * @param housekeeping whether it runs its own housekeeping thread
     * @param noun names the resource in messages ("no connection available ...")
     */
    static <K, T> KeyedEnginePool<K, T> create(Function<K, ResourceFactory<T>> factories, PoolSettings perKey,
                                               int maxTotal, boolean housekeeping, String noun) {
        return new DefaultKeyedPool<>(factories, perKey, maxTotal, housekeeping, noun);
    }

    /**
     * Borrows an entry of {@code key} (its engine created on first use), waiting at most
     * {@code timeoutNanos}; end the borrow with {@link PoolEntry#release()} or
     * {@link PoolEntry#invalidate}. Throws what {@link PoolEngine#borrow(long)} throws.
     */
    PoolEntry<T> borrow(K key, long timeoutNanos) throws InterruptedException;

    /**
     * The engine of {@code key} now, created on first use: for its counts and holders (a timeout's
     * diagnosis). It may be removed once unused; borrow through {@link #borrow(Object, long)}.
     *
     * @throws PoolClosedException when the pool is closed
     */
    EngineView<T> engine(K key);

    /**
     * The engine of {@code key} if it has one now; unlike {@link #engine(Object)} it never creates
     * one (and so starts no connection attempt): for reporting on a key that may have been removed.
     */
    Optional<EngineView<T>> existingEngine(K key);

    /** A snapshot of the keys' engines now. */
    List<EngineView<T>> engines();

    /** The number of keys with an engine now. */
    int keyCount();

    /** Installs the layer's watch over borrowed entries on every key's engine, including later ones. */
    void watchHolders(HolderWatch<T> watch);

    /** Suspends every key's engine, present and future (see {@link Pool#suspend()}). */
    void suspend();

    /** Lends again after {@link #suspend()}. */
    void resume();

    /**
     * Changes the per-key and the total limit at runtime, like {@link Pool#setMaxSize}: idle
     * resources over a new limit close now, borrowed ones when they come back. The caller checks
     * the values ({@code 1 <= maxPerKey <= maxTotal}).
     */
    void setMaxSize(int maxPerKey, int maxTotal);

    /**
     * The first half of a close: lends no more (waiters and new borrows fail with
     * {@link PoolClosedException}; returns destroy), and starts the drain's clock. For a layer
     * that closes this pool beside another and wants both to stop lending at once; then
     * {@link #close(Consumer)} waits out the same drain. Idempotent.
     */
    void stopLending();

    /**
     * Like {@link EnginePool#close(Runnable, Consumer)}: stops lending (if {@link #stopLending()}
     * has not), waits until {@code drainTimeout} after lending stopped for borrowed resources, and
     * shows {@code revoked} each resource still borrowed then.
     */
    void close(Consumer<HolderInfo<T>> revoked);
}
