package dev.tidepool.core.internal;

import java.time.Duration;

/**
 * Evicts every entry created before a moment, each at its own time within a window, instead of
 * all at once (used when credentials rotate: issue 13). All at once would leave the pool empty
 * while it reopens every connection, with borrowers waiting; spread out, the pool opens a few at a
 * time while the rest keep serving. Housekeeping marks each entry when its time comes: an idle one
 * is closed then, a borrowed one on return. Nothing here runs on the borrow path.
 */
final class SpreadEviction {
    private final long createdBefore;
    private final long spreadNanos;

    SpreadEviction(long now, Duration spread) {
        this.createdBefore = now;
        this.spreadNanos = Math.max(1, spread.toNanos());
    }

    /** Whether {@code e} (created before the eviction) is due at {@code now}. */
    boolean due(Entry<?> e, long now) {
        if (e.createdAt - createdBefore > 0) {
            return false; // opened after the rotation: already on the new credentials
        }
        return now - dueAt(e) >= 0;
    }

    /** Whether entries created before it may remain: false once the window has passed. */
    boolean pending(long now) {
        return now - (createdBefore + spreadNanos) < 0;
    }

    /** The entry's time in the window, fixed by its identity: spread evenly, the same on every pass. */
    private long dueAt(Entry<?> e) {
        long mixed = (System.identityHashCode(e) * 0x9E3779B97F4A7C15L) >>> 1;
        return createdBefore + mixed % spreadNanos;
    }
}
