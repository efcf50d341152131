package dev.tidepool.core.internal;

import dev.tidepool.core.HolderInfo;

/**
 * Lets the layer above the pool look at its borrowed entries on every housekeeping pass (at most
 * {@link SubPool#TICK_NANOS} apart), on the housekeeping thread, so it can warn about holders by
 * its own rules (the JDBC layer: a transaction left open with no JDBC call) without a thread or a
 * timer of its own. Nothing here runs on the borrow or return path.
 *
 * <p>Implementations must be fast and must not block: they run between the pool's own checks.
 * An exception they throw is logged and the pass goes on.
 */
public interface HolderWatch<T> {

    /**
     * Looks at one borrowed entry at time {@code now} (the pool's clock). Read its holder with
     * {@link Entry#borrowedAt()}, {@link Entry#lastActivityAt()} and {@link Entry#holderInfo(long)};
     * {@link Entry#watchMark} is free for the watch to remember what it reported for this borrow.
     */
    void inspect(Entry<T> entry, long now);

    /**
     * The entry has been held longer than the leak threshold. The watch reports it (the pool does
     * not log its own, more generic line when a watch is installed); the listener is told anyway.
     */
    void leakSuspected(HolderInfo<T> holder);

    /**
     * Runs at the end of every housekeeping pass, borrowed entries or not, on the housekeeping
     * thread: room for work that belongs to the pass rather than to one entry (the JDBC layer polls
     * its queue of abandoned connections here). A keyed pool calls it once per sub-pool.
     */
    default void afterPass(long now) {
    }
}
