package dev.tidepool.core.internal;

import dev.tidepool.core.DestroyReason;
import dev.tidepool.core.PoolSettings;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every decision about an entry's age, in one place: whether it may be lent as it is, must be
 * validated first, or must go (its lifetime is over, it was evicted, it idled too long), and
 * when keepalive next checks it. The borrow fast path, the waiting path's lend, the return,
 * housekeeping's pass over borrowed and idle entries, and the creator (which sets the due times)
 * all ask this class, so each rule is written once.
 *
 * <p>All times are the sub-pool's {@link dev.tidepool.core.Ticker} nanos; the fast path passes
 * the coarse clock (see SubPool, "Time"), which every rule here tolerates.
 */
final class LendPolicy {
    /** An entry idle longer than this is validated before it is lent. */
    static final long ALIVE_BYPASS_NANOS = Duration.ofMillis(500).toNanos();
    /** A due time that never comes: an unlimited lifetime or no keepalive. */
    private static final long NEVER = Long.MAX_VALUE / 2;

    private final long maxLifetimeNanos;
    private final long keepaliveNanos;
    private final long idleTimeoutNanos;

    LendPolicy(PoolSettings settings) {
        this.maxLifetimeNanos = settings.maxLifetime().toNanos();
        this.keepaliveNanos = settings.keepaliveInterval().toNanos();
        this.idleTimeoutNanos = settings.idleTimeout().toNanos();
    }

    /** The fast path's question: lend it now, with no validation and no retirement due. */
    static boolean lendsAsIs(Entry<?> e, long now) {
        return e.evictOnReturn == null && now - e.retireAt < 0 && now - e.lastAliveAt <= ALIVE_BYPASS_NANOS;
    }

    /** Why the entry must go instead of being lent or kept (evicted, or past its lifetime); null: it may stay. */
    static DestroyReason retirement(Entry<?> e, long now) {
        DestroyReason evict = e.evictOnReturn;
        if (evict != null) {
            return evict;
        }
        return now - e.retireAt >= 0 ? DestroyReason.MAX_LIFETIME : null;
    }

    /** It sat idle long enough that the network may have dropped it: validate before lending. */
    static boolean needsValidation(Entry<?> e, long now) {
        return now - e.lastAliveAt > ALIVE_BYPASS_NANOS;
    }

    /** On return: why the entry goes instead of being offered again (evicted, pool closed); null: offer it. */
    static DestroyReason onReturn(Entry<?> e, boolean poolClosed) {
        DestroyReason evict = e.evictOnReturn;
        if (evict != null) {
            return evict;
        }
        return poolClosed ? DestroyReason.POOL_CLOSED : null;
    }

    /** A borrowed entry past its lifetime is marked, to be destroyed on return. */
    static void markIfPastLifetime(Entry<?> e, long now) {
        if (now - e.retireAt >= 0 && e.evictOnReturn == null) {
            e.evictOnReturn = DestroyReason.MAX_LIFETIME;
        }
    }

    /**
     * Why an idle entry goes now: evicted, past its lifetime, or idle past idleTimeout when it is
     * {@code expendable} (beyond the minIdle kept ready); null: it stays.
     */
    DestroyReason idleRetirement(Entry<?> e, long now, boolean expendable) {
        DestroyReason reason = retirement(e, now);
        if (reason == null && expendable && now - e.lastUsedAt >= idleTimeoutNanos) {
            return DestroyReason.IDLE_TIMEOUT;
        }
        return reason;
    }

    /** Whether idle entries beyond {@code minIdle} ever expire. */
    boolean idleEntriesExpire() {
        return idleTimeoutNanos > 0;
    }

    static boolean keepaliveDue(Entry<?> e, long now) {
        return now - e.nextKeepaliveAt >= 0;
    }

    /** When an idle entry that needs nothing now next needs a decision. */
    long nextIdleDecision(Entry<?> e, boolean expendable) {
        long due = Math.min(e.retireAt, e.nextKeepaliveAt);
        return expendable ? Math.min(due, e.lastUsedAt + idleTimeoutNanos) : due;
    }

    /** A kept-alive entry was just proven alive at {@code now}. */
    void keptAlive(Entry<?> e, long now) {
        e.lastAliveAt = now;
        e.nextKeepaliveAt = nextKeepalive(now);
    }

    /**
     * When an entry created at {@code now} retires: maxLifetime minus up to 2.5 % of jitter, so a
     * pool filled at once does not retire at once.
     */
    long retireAt(long now) {
        if (maxLifetimeNanos == 0) {
            return now + NEVER;
        }
        long jitter = ThreadLocalRandom.current().nextLong(maxLifetimeNanos / 40 + 1);
        return now + maxLifetimeNanos - jitter;
    }

    /** The next keepalive after {@code now}: the interval minus up to 10 % of jitter. */
    long nextKeepalive(long now) {
        if (keepaliveNanos == 0) {
            return now + NEVER;
        }
        return now + keepaliveNanos - ThreadLocalRandom.current().nextLong(keepaliveNanos / 10 + 1);
    }
}
