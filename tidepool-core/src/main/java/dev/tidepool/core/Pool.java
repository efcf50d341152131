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

    /**
     * The pool's settings, with the current values of {@code maxSize}, {@code minIdle} and
     * {@code acquireTimeout}, the only ones that may change while the pool runs.
     */
    PoolSettings settings();

    /**
     * Attaches a listener to the running pool, beside those given at construction; close the
     * registration to detach it. Several may listen; each hears the events from then on.
     */
    Registration addListener(PoolListener listener);

    /**
     * Stops lending until {@link #resume()}: borrowers (new ones and those waiting) wait, each
     * within its acquire timeout as always, and fail with a timeout that says the pool is
     * suspended. Borrows already past the gate may complete; returns, creations and housekeeping
     * go on. Suspending a suspended pool does nothing.
     */
    void suspend();

    /** Lends again after {@link #suspend()}; waiting borrowers are served. */
    void resume();

    boolean isSuspended();

    /**
     * Changes {@code maxSize} at runtime (>= 1 and >= minIdle). Lowering it closes idle resources
     * over the new limit now and borrowed ones when they come back ({@link DestroyReason#SHRUNK}).
     *
     * @throws IllegalArgumentException naming the key, the value and the rule
     */
    void setMaxSize(int maxSize);

    /**
     * Changes {@code minIdle} at runtime (0..maxSize): raising it creates at once, lowering it lets
     * housekeeping close the surplus after {@code idleTimeout}.
     *
     * @throws IllegalArgumentException naming the key, the value and the rule
     */
    void setMinIdle(int minIdle);

    /**
     * Changes the wait of {@link #acquire()} (must be positive) for borrows that start from now.
     *
     * @throws IllegalArgumentException naming the key, the value and the rule
     */
    void setAcquireTimeout(Duration acquireTimeout);

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
