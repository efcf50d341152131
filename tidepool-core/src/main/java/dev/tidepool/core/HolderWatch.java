package dev.tidepool.core;

/**
 * Lets a layer built on the pool look at its borrowed entries on every housekeeping pass (each
 * starts at most 250 ms after the last one ended; a pass that validates idle entries for
 * keepalive lasts as long as those validations, each within {@code validationTimeout}, so against
 * an unresponsive server passes can be seconds apart), on the housekeeping thread, so it can warn about holders by its own rules (the
 * JDBC layer: a transaction left open with no JDBC call) without a thread or a timer of its own.
 * Installed with {@link EnginePool#watchHolders} or {@link KeyedEnginePool#watchHolders}. Nothing
 * here runs on the borrow or return path.
 *
 * <p>Implementations must be fast and must not block: they run between the pool's own checks.
 * An exception they throw is logged and the pass goes on.
 */
public interface HolderWatch<T> {

    /**
     * Looks at one borrowed entry at time {@code now} (the pool's clock). Read its holder with
     * {@link PoolEntry#borrowedAt()}, {@link PoolEntry#lastActivityAt()} and
     * {@link PoolEntry#holderInfo(long)}; {@link PoolEntry#watchMark(long)} remembers what the watch
     * reported for this borrow.
     */
    void inspect(PoolEntry<T> entry, long now);

    /**
     * The entry has been held longer than the leak threshold. The watch reports it (the pool does
     * not log its own, more generic line when a watch is installed); the listener is told anyway.
     */
    void leakSuspected(HolderInfo<T> holder);

    /**
     * Runs at the end of every housekeeping pass, borrowed entries or not, on the housekeeping
     * thread: room for work that belongs to the pass rather than to one entry (the JDBC layer polls
     * its queue of abandoned connections here). A keyed pool calls it once per key's engine.
     */
    default void afterPass(long now) {
    }
}
