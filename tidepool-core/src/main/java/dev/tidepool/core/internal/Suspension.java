package dev.tidepool.core.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where borrowers of a suspended pool wait ({@link SubPool#suspend()}): a flag and a condition.
 * Suspension is an operator's action (a failover, a credential rotation), so this favours
 * simplicity over speed: a lock, and every waiter woken on resume. The borrow path never comes
 * here unless the pool is suspended (the sub-pool's gate says so).
 */
final class Suspension {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Guarded by lock for writes; read without it by {@link #isOn()}. */
    private volatile boolean on;
    /** Borrowers waiting here now: they count as waiting in the pool's stats. */
    private final AtomicInteger waiting = new AtomicInteger();

    int waiting() {
        return waiting.get();
    }

    boolean isOn() {
        return on;
    }

    void set(boolean suspended) {
        lock.lock();
        try {
            on = suspended;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter to look again (the pool closed). */
    void wakeAll() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits while suspended, until {@code deadline} (System.nanoTime) at most or until
     * {@code stop} says to look again. True when no longer suspended.
     */
    boolean awaitResumed(long deadline, java.util.function.BooleanSupplier stop) throws InterruptedException {
        waiting.incrementAndGet();
        lock.lock();
        try {
            while (on && !stop.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
            return !on;
        } finally {
            lock.unlock();
            waiting.decrementAndGet();
        }
    }
}
