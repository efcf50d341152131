package dev.tidepool.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The FIFO of {@link Waiter}s: a lock-free linked queue (Michael and Scott) threaded through the
 * waiters themselves, so queueing allocates nothing beyond the waiter.
 *
 * <p>Why not {@code ConcurrentLinkedQueue}: settled waiters are unlinked only once they reach the
 * head, and several returners race to unlink the same one. {@code ConcurrentLinkedQueue.remove}
 * of an element another thread removed first scans the whole queue, and under load the queue is
 * long with settled waiters, so those races turned O(1) unlinks into O(n) scans on the return
 * path. Here {@link #unlinkFirst} is one compare-and-set that simply fails when someone else won.
 *
 * <p>{@code head} is a sentinel: the first waiter is {@code head.next}. Unlinking the first waiter
 * makes it the new sentinel (its fields no longer matter).
 */
final class WaiterQueue<T> {
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(WaiterQueue.class, "head", Waiter.class);
            TAIL = lookup.findVarHandle(WaiterQueue.class, "tail", Waiter.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Waiter<T> head;
    private volatile Waiter<T> tail;

    WaiterQueue() {
        Waiter<T> sentinel = new Waiter<>(null, 0);
        head = sentinel;
        tail = sentinel;
    }

    /** Appends {@code w} at the tail. */
    void add(Waiter<T> w) {
        for (;;) {
            Waiter<T> t = tail;
            Waiter<T> next = t.next();
            if (next != null) {
                TAIL.compareAndSet(this, t, next); // help a lagging tail along
            } else if (t.casNext(null, w)) {
                TAIL.compareAndSet(this, t, w); // failing is fine: the next add() helps
                return;
            }
        }
    }

    /** The longest-queued waiter, settled or not; null when the queue is empty. */
    Waiter<T> first() {
        return head.next();
    }

    /**
     * Unlinks {@code first} if it is still the first waiter. False when another thread unlinked it
     * already: the caller just looks at {@link #first()} again.
     */
    boolean unlinkFirst(Waiter<T> first) {
        Waiter<T> h = head;
        return h.next() == first && HEAD.compareAndSet(this, h, first);
    }

    /** Unlinks and returns the first waiter, or null when the queue is empty. */
    Waiter<T> poll() {
        for (;;) {
            Waiter<T> h = head;
            Waiter<T> first = h.next();
            if (first == null) {
                return null;
            }
            if (HEAD.compareAndSet(this, h, first)) {
                return first;
            }
        }
    }
}
