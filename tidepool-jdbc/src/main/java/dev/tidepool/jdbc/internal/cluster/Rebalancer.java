package dev.tidepool.jdbc.internal.cluster;

import dev.tidepool.jdbc.TargetServerType;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Spreads connections again when a host comes back or is added, without a reconnect storm.
 *
 * <p>New connections already go to the fitting host with the fewest connections
 * ({@link HostOrder}), so {@code maxLifetime} alone would even the spread out within one
 * lifetime. This retires, on return, a connection that sits on a host holding more than its
 * share (or on a worse-fitting host, e.g. the primary of a preferStandby pool while a standby is
 * up), but at most one per {@code maxLifetime / (2 * maxSize)}, jittered from half to one and a
 * half times that, over the whole data source: a 10-connection pool that lost a host moves back
 * at most 20 connections per lifetime, one at a time, never all at once.
 *
 * <p>Decisions take {@code now} and a random number, so tests drive them with a fake clock.
 */
final class Rebalancer {
    /** The lifetime assumed when maxLifetime is off (ZERO): TidepoolConfig's default. */
    static final Duration UNLIMITED_LIFETIME_BASIS = Duration.ofMinutes(30);

    private final long intervalNanos;
    private final AtomicLong nextAt;

    Rebalancer(Duration maxLifetime, int maxSize, long now) {
        Duration basis = maxLifetime.isZero() ? UNLIMITED_LIFETIME_BASIS : maxLifetime;
        this.intervalNanos = Math.max(1, basis.toNanos() / (2L * Math.max(1, maxSize)));
        this.nextAt = new AtomicLong(now);
    }

    long intervalNanos() {
        return intervalNanos;
    }

    /**
     * Whether a returned connection on {@code host} should be closed now so that its replacement
     * lands on a less loaded (or better fitting) host. {@code random} in [0, 1) jitters the next slot.
     */
    boolean shouldRetire(HostHealth host, List<HostHealth> hosts, TargetServerType type, long now, double random) {
        if (!misplaced(host, hosts, type, now)) {
            return false;
        }
        long due = nextAt.get();
        if (now - due < 0) {
            return false;
        }
        long next = now + (long) (intervalNanos * (0.5 + random));
        return nextAt.compareAndSet(due, next);
    }

    /** On a worse-fitting host than an available one, or above its share among the best-fitting available hosts. */
    static boolean misplaced(HostHealth host, List<HostHealth> hosts, TargetServerType type, long now) {
        int best = Integer.MAX_VALUE;
        for (HostHealth h : hosts) {
            if (h.available(now) && HostOrder.accepts(type, h.role())) {
                best = Math.min(best, HostOrder.rank(type, h.role()));
            }
        }
        if (best == Integer.MAX_VALUE) {
            return false; // nowhere better to go
        }
        int rank = HostOrder.rank(type, host.role());
        if (rank > best) {
            return true;
        }
        int peers = 0;
        int total = 0;
        for (HostHealth h : hosts) {
            if (h.available(now) && HostOrder.rank(type, h.role()) == best) {
                peers++;
                total += h.open();
            }
        }
        if (peers <= 1 || !host.available(now)) {
            return false;
        }
        int share = (total + peers - 1) / peers;
        return host.open() > share;
    }
}
