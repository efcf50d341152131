package dev.tidepool.core;

import java.util.List;
import java.util.function.Predicate;

/**
 * What a layer built on the pool may read and evict in one engine: a pool's
 * ({@link PoolEngine}), or one key's of a keyed pool ({@link KeyedEnginePool#engine}), which is
 * why it cannot lend: a key's engine that stays unused is removed, so borrows go through
 * {@link KeyedEnginePool#borrow(Object, long)}.
 */
public interface EngineView<T> {

    /** The counts now. */
    PoolStats stats();

    /** A snapshot of who holds the borrowed resources now. */
    List<HolderInfo<T>> holders();

    /** The last creation failure, cleared by the next success; null when none stands. */
    Throwable lastCreateFailure();

    /**
     * Retires the resources {@code which} matches: idle ones now, borrowed ones when they come
     * back (the JDBC layer evicts the connections to a lost host this way).
     */
    void softEvict(Predicate<? super T> which);
}
