package dev.tidepool.core.internal;

import dev.tidepool.core.DestroyReason;
import dev.tidepool.core.HolderInfo;

import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Evictions of many entries at once, asked for from outside the borrow path: soft eviction (idle
 * entries go now, borrowed ones on return), shrinking to a lower {@code maxSize}, giving up an
 * idle entry for another key, and the destruction of everything when the pool closes. An idle
 * entry is destroyed only once reserved ({@link Entry#idle2reserved}), so a borrower that claims
 * it first keeps it.
 */
final class Eviction<T> {
    private final SubPool<T> pool;
    private final EntryTable<T> table;

    Eviction(SubPool<T> pool, EntryTable<T> table) {
        this.pool = pool;
        this.table = table;
    }

    /** Destroys an idle entry now if it can be reserved (a borrower may take it first); true if so. */
    private boolean destroyIfIdle(Entry<T> e, DestroyReason reason) {
        if (e.state() == Entry.IDLE && e.idle2reserved()) {
            pool.destroy(e, reason);
            return true;
        }
        return false;
    }

    /** Marks the entries whose resource {@code which} matches: idle ones go now, borrowed ones on return. */
    void softEvict(Predicate<? super T> which) {
        for (Entry<T> e : table.all()) {
            if (e.state() != Entry.REMOVED && which.test(e.resource)) {
                e.evictOnReturn = DestroyReason.EVICTED;
                destroyIfIdle(e, DestroyReason.EVICTED);
            }
        }
    }

    /** Gives up one idle entry so another key can use its capacity; true if one was taken. */
    boolean evictOneIdle() {
        for (Entry<T> e : table.all()) {
            if (destroyIfIdle(e, DestroyReason.MADE_ROOM)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Brings the open entries down by {@code surplus}: idle ones now, then borrowed ones marked to
     * go on return ({@link DestroyReason#SHRUNK}).
     */
    void shrinkBy(int surplus) {
        for (Entry<T> e : table.all()) {
            if (surplus > 0 && destroyIfIdle(e, DestroyReason.SHRUNK)) {
                surplus--;
            }
        }
        for (Entry<T> e : table.all()) {
            if (surplus > 0 && e.state() == Entry.BORROWED && e.evictOnReturn == null) {
                e.evictOnReturn = DestroyReason.SHRUNK;
                surplus--;
            }
        }
    }

    /** The pool closes: its idle entries go now; borrowed ones on return (or at the drain deadline). */
    void destroyIdle() {
        for (Entry<T> e : table.all()) {
            destroyIfIdle(e, DestroyReason.POOL_CLOSED);
        }
    }

    /**
     * The drain deadline passed: destroys everything left, showing each borrowed entry to
     * {@code revoked} first, on this thread and before its resource is closed.
     */
    void destroyRemaining(Consumer<HolderInfo<T>> revoked, long now) {
        for (Entry<T> e : table.all()) {
            if (e.state() == Entry.BORROWED) {
                revoked.accept(e.holderInfo(e.holder, now));
            }
            pool.destroy(e, DestroyReason.POOL_CLOSED);
        }
    }
}
