package dev.tidepool.core.internal;

import dev.tidepool.core.EnginePool;
import dev.tidepool.core.HolderInfo;
import dev.tidepool.core.HolderWatch;
import dev.tidepool.core.Lease;
import dev.tidepool.core.PoolListener;
import dev.tidepool.core.PoolSettings;
import dev.tidepool.core.PoolStats;
import dev.tidepool.core.Registration;
import dev.tidepool.core.ResourceFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/** A single pool: one {@link SubPool} engine, its threads, and its housekeeping schedule. */
public final class DefaultPool<T> implements EnginePool<T> {
    /** The settings, with the current values of the few that may change at runtime. */
    private volatile PoolSettings settings;
    private final PoolThreads threads;
    private final SubPool<T> engine;
    private volatile long acquireTimeoutNanos;
    private final Object resizeLock = new Object();
    private final boolean housekeeping;
    private volatile boolean closed;

    public DefaultPool(ResourceFactory<T> factory, PoolSettings settings, boolean housekeeping) {
        this(factory, settings, housekeeping, "resource");
    }

    /** {@code noun} names the resource in messages ("no connection available ..."). */
    public DefaultPool(ResourceFactory<T> factory, PoolSettings settings, boolean housekeeping, String noun) {
        // Numbered here, when the pool starts, not when its settings were built (decisions.md).
        this.settings = settings.toBuilder().listener(ListenerHub.of(settings.listener()))
                .name(settings.name() != null ? settings.name() : PoolNames.next()).build();
        this.housekeeping = housekeeping;
        this.acquireTimeoutNanos = settings.acquireTimeout().toNanos();
        this.threads = new PoolThreads(this.settings.name());
        this.engine = new SubPool<>(this.settings, noun, factory, threads, null, null);
        engine.requestCreate();
        if (housekeeping) {
            scheduleHousekeeping(0);
        }
    }

    private void scheduleHousekeeping(long delayNanos) {
        threads.schedule(() -> {
            long next = engine.runMaintenance(settings.ticker().nanoTime());
            if (!closed) {
                scheduleHousekeeping(next);
            }
        }, delayNanos);
    }

    /** The engine itself (the API sees it as a {@link dev.tidepool.core.PoolEngine}). */
    @Override
    public SubPool<T> engine() {
        return engine;
    }

    @Override
    public void watchHolders(HolderWatch<T> watch) {
        engine.watchHolders(watch);
    }

    @Override
    public void evictAllWithin(Duration spread) {
        engine.evictAllWithin(spread);
    }

    @Override
    public Lease<T> acquire() throws InterruptedException {
        return new EntryLease<>(engine.borrow(acquireTimeoutNanos));
    }

    @Override
    public Lease<T> acquire(Duration timeout) throws InterruptedException {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout (" + timeout + ") must be > 0: nothing may wait forever");
        }
        return new EntryLease<>(engine.borrow(timeout.toNanos()));
    }

    @Override
    public PoolStats stats() {
        return engine.stats();
    }

    @Override
    public List<HolderInfo<T>> holders() {
        return engine.holders();
    }

    @Override
    public void softEvictAll() {
        engine.softEvictAll();
    }

    @Override
    public PoolSettings settings() {
        return settings;
    }

    @Override
    public Registration addListener(PoolListener listener) {
        return engine.listeners().add(listener);
    }

    @Override
    public void suspend() {
        engine.suspend();
    }

    @Override
    public void resume() {
        engine.resume();
    }

    @Override
    public boolean isSuspended() {
        return engine.isSuspended();
    }

    @Override
    public void setMaxSize(int maxSize) {
        synchronized (resizeLock) {
            settings = settings.withMaxSize(maxSize);
            engine.setMaxSize(maxSize);
        }
    }

    @Override
    public void setMinIdle(int minIdle) {
        synchronized (resizeLock) {
            settings = settings.withMinIdle(minIdle);
            engine.setMinIdle(minIdle);
        }
    }

    @Override
    public void setAcquireTimeout(Duration acquireTimeout) {
        synchronized (resizeLock) {
            settings = settings.withAcquireTimeout(acquireTimeout);
            acquireTimeoutNanos = acquireTimeout.toNanos();
        }
    }

    @Override
    public long runMaintenance(long nowNanos) {
        return engine.runMaintenance(nowNanos);
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        close(holder -> { });
    }

    /**
     * Closes the pool like {@link #close()}, and shows {@code revoked} each resource still borrowed
     * when {@code drainTimeout} has passed, just before it is destroyed under its borrower.
     */
    public void close(Consumer<HolderInfo<T>> revoked) {
        close(() -> { }, revoked);
    }

    @Override
    public void close(Runnable lendingStopped, Consumer<HolderInfo<T>> revoked) {
        if (closed) {
            return;
        }
        closed = true;
        engine.beginClose();
        lendingStopped.run();
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        awaitDrained(engine::isDrained, deadline);
        engine.destroyRemaining(revoked);
        awaitDrained(engine::isDrained, System.nanoTime() + settings.validationTimeout().toNanos());
        threads.shutdown(settings.validationTimeout().toNanos());
    }

    /** Bounded polling: close() is rare and must not depend on borrowers to wake it. */
    static void awaitDrained(java.util.function.BooleanSupplier drained, long deadline) {
        while (!drained.getAsBoolean() && deadline - System.nanoTime() > 0) {
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    @Override
    public String toString() {
        return "Pool{" + engine + "}";
    }
}
