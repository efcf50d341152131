package dev.tidepool.core;

import java.time.Duration;
import java.util.Objects;

/** Builds a {@link Pool}; see {@link PoolSettings.Builder} for what each setting means. */
public final class PoolBuilder<T> {
    private final ResourceFactory<T> factory;
    private final PoolSettings.Builder settings = PoolSettings.builder();
    private boolean housekeeping = true;

    PoolBuilder(ResourceFactory<T> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    public PoolBuilder<T> name(String name) { settings.name(name); return this; }
    public PoolBuilder<T> maxSize(int maxSize) { settings.maxSize(maxSize); return this; }
    public PoolBuilder<T> minIdle(int minIdle) { settings.minIdle(minIdle); return this; }
    public PoolBuilder<T> acquireTimeout(Duration d) { settings.acquireTimeout(d); return this; }
    public PoolBuilder<T> validationTimeout(Duration d) { settings.validationTimeout(d); return this; }
    public PoolBuilder<T> idleTimeout(Duration d) { settings.idleTimeout(d); return this; }
    public PoolBuilder<T> maxLifetime(Duration d) { settings.maxLifetime(d); return this; }
    public PoolBuilder<T> keepaliveInterval(Duration d) { settings.keepaliveInterval(d); return this; }
    public PoolBuilder<T> leakThreshold(Duration d) { settings.leakThreshold(d); return this; }
    public PoolBuilder<T> drainTimeout(Duration d) { settings.drainTimeout(d); return this; }
    public PoolBuilder<T> maxWaiters(int maxWaiters) { settings.maxWaiters(maxWaiters); return this; }
    public PoolBuilder<T> ticker(Ticker ticker) { settings.ticker(ticker); return this; }
    public PoolBuilder<T> listener(PoolListener listener) { settings.listener(listener); return this; }

    /**
     * Whether the pool runs its own housekeeping thread (default true). Tests that drive
     * {@link Pool#runMaintenance(long)} by hand with a fake clock switch it off.
     */
    public PoolBuilder<T> housekeeping(boolean enabled) { this.housekeeping = enabled; return this; }

    public Pool<T> build() {
        return new dev.tidepool.core.internal.DefaultPool<>(factory, settings.build(), housekeeping);
    }
}
