package dev.tidepool.jdbc.internal.cluster;

import dev.tidepool.jdbc.ConnectFailure;
import dev.tidepool.jdbc.HostStatus;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the pool knows about one host: its role as of the last connect, whether it backs off after
 * a failure (and until when), the class of the last failure, the recent connect latency, how many
 * connections are open to it, and a generation that moves on each time the host is found lost
 * (connections of an older generation are retired).
 *
 * <p>Written by the pool's creating threads and by borrowers whose connection died; read on the
 * return path ({@link Rebalancer}). The counters are atomics; the rest is a few volatile fields
 * whose updates need not be atomic together (a racing reader sees a slightly stale picture, which
 * only shifts one decision by one connection).
 */
public final class HostHealth {
    static final long MIN_BACKOFF_NANOS = Duration.ofMillis(100).toNanos();
    static final long MAX_BACKOFF_NANOS = Duration.ofSeconds(5).toNanos();

    private final HostAddress address;
    private final int index;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger generation = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile ServerRole role = ServerRole.UNKNOWN;
    /** While failures > 0: the ticker time from which the host may be tried again. */
    private volatile long retryAt;
    private volatile ConnectFailure lastFailure;
    private volatile long latencyNanos;

    HostHealth(HostAddress address, int index) {
        this.address = address;
        this.index = index;
    }

    public HostAddress address() {
        return address;
    }

    /** The host's place in the configured list: the last tie-breaker when choosing. */
    int index() {
        return index;
    }

    ServerRole role() {
        return role;
    }

    int open() {
        return open.get();
    }

    int generation() {
        return generation.get();
    }

    long latencyNanos() {
        return latencyNanos;
    }

    /** Whether a connect may be tried at {@code now}: no failure since the last success, or its back-off is over. */
    boolean available(long now) {
        return failures.get() == 0 || now - retryAt >= 0;
    }

    /** A connect (and role check) succeeded after {@code latency}; the back-off ends. */
    void connected(long latency, ServerRole role) {
        this.role = role;
        long average = latencyNanos;
        latencyNanos = average == 0 ? latency : average + (latency - average) / 4;
        failures.set(0);
        lastFailure = null;
    }

    /** A connect failed: back off, exponentially with jitter. Returns the back-off. */
    long connectFailed(ConnectFailure failure, long now) {
        lastFailure = failure;
        long delay = backoffNanos(failures.incrementAndGet(), ThreadLocalRandom.current().nextDouble());
        retryAt = now + delay;
        return delay;
    }

    /**
     * A connection of generation {@code seen} died with a fatal error: the host is lost. True for
     * the first caller of that generation only, which then has the older connections evicted; the
     * host backs off like after a failed connect, so new connections try the other hosts first.
     */
    boolean lost(int seen, ConnectFailure failure, long now) {
        if (!generation.compareAndSet(seen, seen + 1)) {
            return false;
        }
        connectFailed(failure, now);
        return true;
    }

    /** A connection to this host was opened (it counts until {@link #closed()}). */
    void opened() {
        open.incrementAndGet();
    }

    void closed() {
        open.decrementAndGet();
    }

    /**
     * Back-off after the {@code failures}-th failure in a row: 100 ms doubling to 5 s, times a
     * jitter factor from 0.75 to 1.25 ({@code random} in [0, 1)), so several pools that lost the same
     * host do not come back to it in step.
     */
    static long backoffNanos(int failures, double random) {
        int doublings = Math.min(Math.max(failures, 1) - 1, 16);
        long base = Math.min(MAX_BACKOFF_NANOS, MIN_BACKOFF_NANOS << doublings);
        return (long) (base * (0.75 + random / 2));
    }

    HostStatus status(long now) {
        return new HostStatus(address.toString(), role.name().toLowerCase(java.util.Locale.ROOT), available(now),
                open.get(), lastFailure, Duration.ofNanos(latencyNanos));
    }

    @Override
    public String toString() {
        return address + "(" + role.name().toLowerCase(java.util.Locale.ROOT) + ", open=" + open.get()
                + (failures.get() > 0 ? ", failing: " + lastFailure : "") + ")";
    }
}
