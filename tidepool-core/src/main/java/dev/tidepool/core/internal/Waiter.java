package dev.tidepool.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A thread queued in {@code acquire}. While young it competes for idle entries; once old it is
 * served in queue order. Its slot moves once, from empty to one of: an entry handed
 * over by a returner, a creator, a keepalive that passed or the head of the queue, an exception (pool closed, fail-fast), or {@link #CANCELLED}
 * when the waiter gave up first. Whoever wins that single CAS decides the outcome, so an entry is
 * never handed to a waiter that has already left.
 */
final class Waiter<T> {
    static final Object CANCELLED = new Object();
    private static final VarHandle SLOT;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SLOT = lookup.findVarHandle(Waiter.class, "slot", Object.class);
            NEXT = lookup.findVarHandle(Waiter.class, "next", Waiter.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread;
    /** When the thread started waiting (System.nanoTime), for the fairness grace. */
    final long since;
    /** {@code SubPool.offersSoFar()} when it queued: the return rate it sees while waiting. */
    long offersAtEnqueue;
    /** Past the fairness grace: returns are handed to it in queue order. Written by its own thread. */
    volatile boolean old;
    /** When it was last handed an entry or woken (System.nanoTime), until it ran; 0 = not pending. */
    volatile long signalledAt;
    @SuppressWarnings("unused") // accessed through SLOT
    private volatile Object slot;
    /** The waiter queued after this one ({@link WaiterQueue}). */
    private volatile Waiter<T> next;

    Waiter(Thread thread, long since) {
        this.thread = thread;
        this.since = since;
    }

    /** Wakes the waiter so it can compete for an entry that just became idle. */
    void wake() {
        LockSupport.unpark(thread);
    }

    /** Hands {@code entry} to this waiter and wakes it; false if it is no longer waiting. */
    boolean fulfil(Entry<T> entry) {
        if (SLOT.compareAndSet(this, null, entry)) {
            LockSupport.unpark(thread);
            return true;
        }
        return false;
    }

    /** Makes this waiter fail with {@code failure}; false if it is no longer waiting. */
    boolean reject(RuntimeException failure) {
        if (SLOT.compareAndSet(this, null, failure)) {
            LockSupport.unpark(thread);
            return true;
        }
        return false;
    }

    /** The waiter leaves on its own; false if something was handed to it first. */
    boolean cancel() {
        return SLOT.compareAndSet(this, null, CANCELLED);
    }

    Object slot() {
        return slot;
    }

    Waiter<T> next() {
        return next;
    }

    boolean casNext(Waiter<T> expected, Waiter<T> update) {
        return NEXT.compareAndSet(this, expected, update);
    }
}
