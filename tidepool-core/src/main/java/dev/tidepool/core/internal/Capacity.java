package dev.tidepool.core.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The capacity slots of one sub-pool: one is taken before a creation starts and given back only
 * once the resource is closed, so open resources never exceed {@code maxSize} (nor, in a keyed
 * pool, the {@link SharedLimit} over all keys), even while one is being closed.
 */
final class Capacity {
    /** Slots taken: open entries + creations under way + entries being destroyed. */
    private final AtomicInteger allocated = new AtomicInteger();
    /** Mutable at runtime ({@link #setMaxSize}); read off the borrow path only. */
    private volatile int maxSize;
    /** The keyed pool's limit over all keys, or null. */
    private final SharedLimit sharedLimit;

    Capacity(int maxSize, SharedLimit sharedLimit) {
        this.maxSize = maxSize;
        this.sharedLimit = sharedLimit;
    }

    /** Full by this sub-pool's own limit: the common case under load, answered without an atomic write. */
    boolean fullWithoutSharing() {
        return sharedLimit == null && allocated.get() >= maxSize;
    }

    /** Whether another key's idle resources could make room here. */
    boolean shared() {
        return sharedLimit != null;
    }

    boolean reserve() {
        for (;;) {
            int a = allocated.get();
            if (a >= maxSize) {
                return false;
            }
            if (allocated.compareAndSet(a, a + 1)) {
                break;
            }
        }
        if (sharedLimit != null && !sharedLimit.tryAcquire()) {
            allocated.decrementAndGet();
            return false;
        }
        return true;
    }

    void release() {
        allocated.decrementAndGet();
        if (sharedLimit != null) {
            sharedLimit.release();
        }
    }

    int allocated() {
        return allocated.get();
    }

    int maxSize() {
        return maxSize;
    }

    void setMaxSize(int max) {
        maxSize = max;
    }
}
