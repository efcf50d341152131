package dev.tidepool.core;

import dev.tidepool.core.internal.DefaultKeyedPool;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * A pool of pools: one sub-pool per key (an HTTP route, a database user), each limited to
 * {@code maxPerKey}, all together limited to {@code maxTotal}. When the total is reached and a
 * key needs a resource, an idle resource of another key is closed to make room.
 */
public interface KeyedPool<K, T> extends AutoCloseable {

    /**
     * @param factories gives the factory for a key; called once per key, when the key is first used
     * @param perKey settings for each sub-pool (maxSize is the per-key limit; the name prefixes the key's)
     * @param maxTotal the limit over all keys
     */
    static <K, T> KeyedPool<K, T> create(Function<K, ResourceFactory<T>> factories, PoolSettings perKey,
                                         int maxTotal) {
        return new DefaultKeyedPool<>(factories, perKey, maxTotal, true, "resource");
    }

    Lease<T> acquire(K key) throws InterruptedException;

    Lease<T> acquire(K key, Duration timeout) throws InterruptedException;

    /** Stats per key, for the keys in use. */
    Map<K, PoolStats> statsByKey();

    /** Stats summed over all keys. */
    PoolStats stats();

    /** Resources open now over all keys (never above maxTotal). */
    int totalOpen();

    void softEvictAll();

    long runMaintenance(long nowNanos);

    @Override
    void close();
}
