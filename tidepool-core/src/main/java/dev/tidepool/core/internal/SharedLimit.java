package dev.tidepool.core.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A limit shared by the sub-pools of a keyed pool ({@code maxTotal}). A slot is taken before a
 * creation starts and given back only after the resource is destroyed, so the number of open
 * resources never exceeds the limit, even while one is being closed.
 */
final class SharedLimit {
    /** Changed at runtime by {@link #setMax}; a lower limit takes effect as resources close. */
    private volatile int max;
    private final AtomicInteger used = new AtomicInteger();
    private final Runnable onFreed;

    SharedLimit(int max, Runnable onFreed) {
        this.max = max;
        this.onFreed = onFreed;
    }

    boolean tryAcquire() {
        for (;;) {
            int u = used.get();
            if (u >= max) {
                return false;
            }
            if (used.compareAndSet(u, u + 1)) {
                return true;
            }
        }
    }

    void release() {
        used.decrementAndGet();
        onFreed.run();
    }

    int used() {
        return used.get();
    }

    int max() {
        return max;
    }

    void setMax(int max) {
        this.max = max;
    }
}
