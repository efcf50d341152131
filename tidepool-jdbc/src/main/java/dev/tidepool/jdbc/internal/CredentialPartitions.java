package dev.tidepool.jdbc.internal;

import dev.tidepool.core.EngineView;
import dev.tidepool.core.HolderInfo;
import dev.tidepool.core.KeyedEnginePool;
import dev.tidepool.core.PoolStats;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The partitions of {@code getConnection(user, password)}: one engine per credentials, in a keyed
 * pool made on the first such call, so a pool that never sees other credentials never starts one.
 * The data source's runtime changes (suspend, resize, evict, close) reach them through here,
 * including a keyed pool made while the change was under way: making it and applying a change
 * take the same lock.
 */
public final class CredentialPartitions {
    private final String poolName;
    /** Makes the keyed pool with this maxSize per key and in total (the data source's maxSize). */
    private final IntFunction<KeyedEnginePool<Credentials, PooledConnection>> factory;
    private final ReentrantLock lock = new ReentrantLock();
    /** Null until the first call with other credentials; written under lock. */
    private volatile KeyedEnginePool<Credentials, PooledConnection> keyed;
    // What a keyed pool made now must start with; under lock.
    private int maxSize;
    private boolean suspended;
    private boolean closed;

    public CredentialPartitions(String poolName, int maxSize,
                                IntFunction<KeyedEnginePool<Credentials, PooledConnection>> factory) {
        this.poolName = poolName;
        this.maxSize = maxSize;
        this.factory = factory;
    }

    /** The keyed pool, made now if this is the first call with other credentials. */
    public KeyedEnginePool<Credentials, PooledConnection> pool() throws SQLException {
        KeyedEnginePool<Credentials, PooledConnection> k = keyed;
        return k != null ? k : create();
    }

    private KeyedEnginePool<Credentials, PooledConnection> create() throws SQLException {
        lock.lock();
        try {
            if (closed) {
                throw new SQLException(poolName + " - pool is closed");
            }
            if (keyed == null) {
                KeyedEnginePool<Credentials, PooledConnection> k = factory.apply(maxSize);
                if (suspended) {
                    k.suspend();
                }
                keyed = k;
            }
            return keyed;
        } finally {
            lock.unlock();
        }
    }

    /** The partitions now; empty before the first. */
    public List<EngineView<PooledConnection>> engines() {
        KeyedEnginePool<Credentials, PooledConnection> k = keyed;
        return k == null ? List.of() : k.engines();
    }

    public int count() {
        KeyedEnginePool<Credentials, PooledConnection> k = keyed;
        return k == null ? 0 : k.keyCount();
    }

    /** {@code main}'s counts with the partitions' added in (main's last failure first). */
    public PoolStats addedTo(PoolStats main) {
        KeyedEnginePool<Credentials, PooledConnection> k = keyed;
        if (k == null) {
            return main;
        }
        PoolStats p = k.stats();
        return new PoolStats(main.total() + p.total(), main.active() + p.active(), main.idle() + p.idle(),
                main.waiting() + p.waiting(), main.creating() + p.creating(), main.created() + p.created(),
                main.destroyed() + p.destroyed(), main.createFailures() + p.createFailures(),
                main.timeouts() + p.timeouts(), main.rejected() + p.rejected(),
                main.lastCreateFailure() != null ? main.lastCreateFailure() : p.lastCreateFailure());
    }

    public void suspend() {
        apply(() -> suspended = true, KeyedEnginePool::suspend);
    }

    public void resume() {
        apply(() -> suspended = false, KeyedEnginePool::resume);
    }

    /** The data source's new maxSize, per partition and over all of them. */
    public void setMaxSize(int maxSize) {
        apply(() -> this.maxSize = maxSize, k -> k.setMaxSize(maxSize, maxSize));
    }

    public void softEvictAll() {
        apply(() -> { }, KeyedEnginePool::softEvictAll);
    }

    /** Refuses new partitions from now on; false when that was done before (the pool is closing). */
    public boolean close() {
        lock.lock();
        try {
            boolean wasOpen = !closed;
            closed = true;
            return wasOpen;
        } finally {
            lock.unlock();
        }
    }

    /**
     * After {@link #close()}: the partitions lend no more, from now on (with the main pool, so a
     * closing data source stops lending everywhere at once), and their drain's clock starts.
     */
    public void stopLending() {
        KeyedEnginePool<Credentials, PooledConnection> k = keyed; // fixed once closed
        if (k != null) {
            k.stopLending();
        }
    }

    /**
     * After {@link #stopLending()}: waits out the partitions' drain (until {@code drainTimeout}
     * after they stopped lending) and closes them, reporting each connection closed under its holder.
     */
    public void closeAll(Consumer<HolderInfo<PooledConnection>> revoked) {
        KeyedEnginePool<Credentials, PooledConnection> k = keyed; // fixed once closed
        if (k != null) {
            k.close(revoked);
        }
    }

    private void apply(Runnable remember, Consumer<KeyedEnginePool<Credentials, PooledConnection>> change) {
        lock.lock();
        try {
            remember.run();
            KeyedEnginePool<Credentials, PooledConnection> k = keyed;
            if (k != null) {
                change.accept(k);
            }
        } finally {
            lock.unlock();
        }
    }
}
