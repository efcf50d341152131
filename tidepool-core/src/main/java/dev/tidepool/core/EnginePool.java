package dev.tidepool.core;

import dev.tidepool.core.internal.DefaultPool;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * A {@link Pool} for a layer built on it, such as the JDBC layer, which wraps each borrowed
 * resource itself: it borrows through the {@link #engine()} (the pool's own entry, no lease
 * allocated), watches its holders from the housekeeping pass, and closes with a drain report.
 * Application code uses {@link Pool}.
 */
public interface EnginePool<T> extends Pool<T> {

    /**
     * Starts a pool, like {@link Pool#create}.
     *
     * @param housekeeping whether it runs its own housekeeping thread (tests with a fake clock
     *        drive {@link #runMaintenance(long)} themselves)
     * @param noun names the resource in messages ("no connection available ...")
     */
    static <T> EnginePool<T> create(ResourceFactory<T> factory, PoolSettings settings, boolean housekeeping,
                                    String noun) {
        return new DefaultPool<>(factory, settings, housekeeping, noun);
    }

    /** The engine: borrow from it. */
    PoolEngine<T> engine();

    /** Installs the layer's watch over borrowed entries (one per pool; null removes it). */
    void watchHolders(HolderWatch<T> watch);

    /**
     * Evicts every resource open now, each at its own time within {@code spread} (idle ones when
     * their time comes, borrowed ones on the first return after it), so the pool reopens a few at
     * a time while the rest keep serving. Resources created from now on are kept. A later call
     * replaces an earlier one still under way.
     */
    void evictAllWithin(Duration spread);

    /**
     * Closes the pool like {@link #close()}, running {@code lendingStopped} once the pool has
     * stopped lending and before it waits for borrowed resources (a report of what it waits for
     * made there cannot race a borrower that still gets one), and showing {@code revoked} each
     * resource still borrowed when {@code drainTimeout} has passed, just before it is destroyed
     * under its borrower. A second call does nothing.
     */
    void close(Runnable lendingStopped, Consumer<HolderInfo<T>> revoked);
}
