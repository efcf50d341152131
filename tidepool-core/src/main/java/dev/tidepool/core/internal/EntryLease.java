package dev.tidepool.core.internal;

import dev.tidepool.core.DestroyReason;
import dev.tidepool.core.Lease;

/** The generic pool's lease: one small object per borrow, so a stale lease cannot touch a re-lent entry. */
final class EntryLease<T> implements Lease<T> {
    private Entry<T> entry;

    EntryLease(Entry<T> entry) {
        this.entry = entry;
    }

    @Override
    public T get() {
        Entry<T> e = entry;
        if (e == null) {
            throw new IllegalStateException("this lease was already closed: acquire a new one");
        }
        return e.resource;
    }

    @Override
    public void close() {
        Entry<T> e = entry;
        if (e != null) {
            entry = null;
            e.release();
        }
    }

    @Override
    public void invalidate() {
        Entry<T> e = entry;
        if (e != null) {
            entry = null;
            e.invalidate(DestroyReason.BROKEN);
        }
    }

    @Override
    public String toString() {
        Entry<T> e = entry;
        return e == null ? "Lease{closed}" : "Lease{" + e.poolName() + "}";
    }
}
