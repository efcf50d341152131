package dev.tidepool.core.internal;

import dev.tidepool.core.DestroyReason;
import dev.tidepool.core.HolderInfo;
import dev.tidepool.core.HolderWatch;

import java.time.Duration;

/**
 * One sub-pool's housekeeping pass ({@link #runMaintenance}), run by the pool's housekeeping
 * thread at most {@link SubPool#TICK_NANOS} after the last one ended. Keepalive validations run
 * inside the pass, one after another, each within {@code validationTimeout}: against a server
 * that stopped answering, a pass (and everything after it in the pass, for every key of a keyed
 * pool) waits for them. The pass: moves the coarse clock, retires, expires and
 * keeps alive idle entries, marks borrowed ones past their lifetime, lets the layer above's
 * {@link HolderWatch} look at the holders, reports suspected leaks, spreads a requested eviction
 * over its window, and refills to {@code minIdle}. What is due is {@link LendPolicy}'s call.
 */
final class Housekeeper<T> {
    private static final System.Logger LOG = System.getLogger("dev.tidepool.core");
    static final long MIN_HOUSEKEEPING_NANOS = Duration.ofMillis(10).toNanos();

    private final SubPool<T> pool;
    private final EntryTable<T> table;
    private final WaitLine<T> line;
    private final LendPolicy policy;
    private final long leakThresholdNanos;
    /** Entries to evict spread over a window (credentials rotated); null: none. */
    private volatile SpreadEviction spreadEviction;
    /** Looks at borrowed entries on each pass; null: none (see {@link HolderWatch}). */
    private volatile HolderWatch<T> holderWatch;

    Housekeeper(SubPool<T> pool, EntryTable<T> table, WaitLine<T> line, LendPolicy policy, long leakThresholdNanos) {
        this.pool = pool;
        this.table = table;
        this.line = line;
        this.policy = policy;
        this.leakThresholdNanos = leakThresholdNanos;
    }

    void watchHolders(HolderWatch<T> watch) {
        this.holderWatch = watch == null ? null : new GuardedHolderWatch<>(pool.name, watch);
    }

    void evictAllWithin(SpreadEviction spread) {
        this.spreadEviction = spread;
    }

    /** One pass at time {@code now}; returns the nanos until the next one. */
    long runMaintenance(long now) {
        pool.tick(now);
        if (pool.isClosed()) {
            return SubPool.TICK_NANOS;
        }
        long next = now + SubPool.TICK_NANOS;
        int idleKept = 0;
        SpreadEviction spread = spreadEviction;
        if (spread != null && !spread.pending(now)) {
            spreadEviction = null; // this pass marks the last ones
        }
        for (Entry<T> e : table.all()) {
            if (spread != null && e.evictOnReturn == null && spread.due(e, now)) {
                e.evictOnReturn = DestroyReason.EVICTED; // idle: destroyed below; borrowed: on return
            }
            int state = e.state();
            if (state == Entry.BORROWED) {
                next = Math.min(next, inspectBorrowed(e, now));
            } else if (state == Entry.IDLE) {
                long due = maintainIdle(e, now, idleKept);
                if (due != Long.MIN_VALUE) {
                    idleKept++;
                    next = Math.min(next, due);
                }
            }
        }
        HolderWatch<T> watch = holderWatch;
        if (watch != null) {
            watch.afterPass(now);
        }
        pool.requestCreate();
        return Math.max(MIN_HOUSEKEEPING_NANOS, next - now);
    }

    /** A borrowed entry: still in use, maybe past its lifetime, maybe held too long. Returns its next due time. */
    private long inspectBorrowed(Entry<T> e, long now) {
        e.lastUsedAt = now; // still in use: it is not idle, whatever its borrow time says
        LendPolicy.markIfPastLifetime(e, now);
        HolderWatch<T> watch = holderWatch;
        if (watch != null) {
            watch.inspect(e, now);
        }
        if (leakThresholdNanos > 0 && !e.leakReported) {
            long heldFor = now - e.borrowedAt;
            if (heldFor < leakThresholdNanos) {
                return Math.min(e.retireAt, e.borrowedAt + leakThresholdNanos);
            }
            e.leakReported = true;
            reportLeak(e, now, heldFor, watch);
        }
        return e.retireAt;
    }

    private void reportLeak(Entry<T> e, long now, long heldFor, HolderWatch<T> watch) {
        HolderInfo<T> holder = e.holderInfo(now);
        if (holder == null) {
            return; // returned meanwhile
        }
        if (watch != null) {
            watch.leakSuspected(holder);
        } else {
            LOG.log(System.Logger.Level.WARNING, () -> pool.name + " - " + pool.noun + " held for "
                    + Duration.ofNanos(heldFor).toMillis() + " ms by thread " + holder.threadName()
                    + ", longer than leakThreshold; borrowed at " + firstFrames(holder.borrowStack()));
        }
        pool.listeners().leakSuspected(holder);
    }

    /**
     * Handles one idle entry: retires, expires or validates it when due (reserving it only then,
     * so a pass with nothing to do never takes an entry away from borrowers). Returns its next due
     * time, or MIN_VALUE if it was destroyed or lent meanwhile.
     */
    private long maintainIdle(Entry<T> e, long now, int idleKeptSoFar) {
        boolean expendable = policy.idleEntriesExpire() && idleKeptSoFar >= pool.minIdle();
        DestroyReason reason = policy.idleRetirement(e, now, expendable);
        boolean keepaliveDue = reason == null && LendPolicy.keepaliveDue(e, now);
        if (reason == null && !keepaliveDue) {
            return policy.nextIdleDecision(e, expendable);
        }
        if (!e.idle2reserved()) {
            return Long.MIN_VALUE; // a borrower took it first
        }
        if (keepaliveDue) {
            if (pool.isValid(e, pool.validationTimeout)) {
                policy.keptAlive(e, now);
                line.offer(e);
                return e.nextKeepaliveAt;
            }
            reason = DestroyReason.VALIDATION_FAILED;
        }
        pool.destroy(e, reason);
        return Long.MIN_VALUE;
    }

    /** The first three frames of the borrower's own code (Tidepool's frames skipped), for the log line. */
    private static String firstFrames(StackTraceElement[] stack) {
        if (stack == null) {
            return "?";
        }
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (StackTraceElement f : stack) {
            if (f.getClassName().startsWith("dev.tidepool.")) {
                continue;
            }
            sb.append(shown == 0 ? "" : " <- ").append(f);
            if (++shown == 3) {
                break;
            }
        }
        return sb.toString();
    }
}
