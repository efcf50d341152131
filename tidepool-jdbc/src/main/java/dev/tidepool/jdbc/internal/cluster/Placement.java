package dev.tidepool.jdbc.internal.cluster;

import java.sql.Connection;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where one physical connection was opened: its host and the host's generation at that moment.
 * When the host is found lost its generation moves on, and every connection placed before is
 * retired ({@link #lost()}). {@link #release()} takes the connection off the host's count, once.
 */
public final class Placement {
    private final HostHealth host;
    private final int generation;
    private final Connection connection;
    private final AtomicBoolean released = new AtomicBoolean();
    /** Set by the returning thread that decided to retire it for rebalancing, read by the same thread. */
    private boolean rebalanced;

    Placement(HostHealth host, int generation, Connection connection) {
        this.host = host;
        this.generation = generation;
        this.connection = connection;
        host.opened();
    }

    /** The driver's connection, opened to {@link #host()} alone. */
    public Connection connection() {
        return connection;
    }

    HostHealth host() {
        return host;
    }

    int generation() {
        return generation;
    }

    /** Whether the host was found lost since this connection was opened: it must not be lent again. */
    public boolean lost() {
        return host.generation() != generation;
    }

    /** Whether {@link Cluster#retireOnReturn} retired it to move its slot to another host (not for a loss). */
    public boolean rebalanced() {
        return rebalanced;
    }

    void markRebalanced() {
        rebalanced = true;
    }

    /** The connection is closed: one less on its host. Idempotent. */
    public void release() {
        if (released.compareAndSet(false, true)) {
            host.closed();
        }
    }

    @Override
    public String toString() {
        return host.address().toString();
    }
}
