package dev.tidepool.core;

import dev.tidepool.core.internal.DefaultPool;

import java.time.Duration;
import java.util.List;

/**
 * A bounded pool of reusable resources.
 *
 * <pre>{@code
 * try (Pool<Socket> pool = Pool.builder(factory).maxSize(8).build();
 *      Lease<Socket> lease = pool.acquire()) {
 *     use(lease.get());
 * }
 * }</pre>
 *
 * Every acquisition is bounded: there is no "wait forever". Waiters are served first come, first
 * served. Resources are created and destroyed on the pool's own threads.
 */
public interface Pool<T> extends AutoCloseable {

    static <T> PoolBuilder<T> builder(ResourceFactory<T> factory) {
        return new PoolBuilder<>(factory);
    }

    /** Borrows a resource, waiting at most the configured acquire timeout. */
    Lease<T> acquire() throws InterruptedException;

    /**
     * Borrows a resource, waiting at most {@code timeout} (which must be positive).
     *
     * @throws PoolTimeoutException when nothing became free in time
     * @throws PoolClosedException when the pool is closed
     */
    Lease<T> acquire(Duration timeout) throws InterruptedException;

    PoolStats stats();

    /** A snapshot of who holds the borrowed resources now. */
    List<HolderInfo<T>> holders();

    /** Retires every resource: idle ones now, borrowed ones when they come back. */
    void softEvictAll();

    /** The pool's settings. */
    PoolSettings settings();

    /**
     * Stops lending at once (waiters fail with "pool is closed"), waits up to the drain timeout
     * for borrowed resources to come back, then destroys everything and stops the pool's threads.
     */
    @Override
    void close();

    /** Runs one housekeeping pass at {@code nowNanos} (tests call it with a fake clock). */
    long runMaintenance(long nowNanos);

    /** Creates a pool from settings; the builder is the usual way. */
    static <T> Pool<T> create(ResourceFactory<T> factory, PoolSettings settings) {
        return new DefaultPool<>(factory, settings, true);
    }
}
