package dev.tidepool.core;

/**
 * The engine of an {@link EnginePool}, for the layer built on it: it lends the pool's own
 * {@link PoolEntry} objects, so a borrow allocates nothing in the pool (the JDBC layer's
 * connection wrapper is the one allocation). The rest of the pool (sizes, suspension, closing)
 * is managed through the {@link EnginePool}. An abstract class implemented by the pool only,
 * for the reason {@link PoolEntry} is one: the borrow's call on it is bound without a type check.
 */
public abstract class PoolEngine<T> implements EngineView<T> {

    /** For the pool's own engine class. */
    protected PoolEngine() {
    }

    /**
     * Borrows an entry, waiting at most {@code timeoutNanos} (> 0); end the borrow with
     * {@link PoolEntry#release()} or {@link PoolEntry#invalidate}.
     *
     * @throws PoolTimeoutException when nothing became free in time
     * @throws PoolSaturatedException when {@code maxWaiters} threads already wait
     * @throws PoolUnavailableException at once, when creations fail for a reason waiting will not fix
     * @throws PoolClosedException when the pool is closed
     */
    public abstract PoolEntry<T> borrow(long timeoutNanos) throws InterruptedException;
}
