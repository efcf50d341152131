package dev.tidepool.core;

import dev.tidepool.core.internal.ListenerHub;

import java.util.List;

/**
 * The listeners of one pool as a single {@link PoolListener} that calls each, for a layer built
 * on the pool that shares them between pools (the JDBC layer: the main pool and its credential
 * partitions) and sends its own events to them. Give it as the settings' listener
 * ({@link PoolSettings.Builder#listener}); a pool then uses it as it is, and listeners attached
 * to it later are heard by every pool that has it. A listener that throws is logged (once) and
 * otherwise ignored.
 */
public interface PoolListeners extends PoolListener {

    /** A set holding {@code first} (unless it is {@link PoolListener#NONE}); a set is returned as it is. */
    static PoolListeners of(PoolListener first) {
        return ListenerHub.of(first);
    }

    /** Attaches a listener; closing the registration detaches it. The same listener twice is called twice. */
    Registration add(PoolListener listener);

    /**
     * The listeners now, in the order they were attached: an unmodifiable snapshot, taken without
     * copying (read it once per event, and loop over it by index to allocate nothing).
     */
    List<PoolListener> attached();

    /** Logs a listener's exception, once per listener: a layer's own events must not fail the pool either. */
    void failed(PoolListener listener, RuntimeException e);
}
