package dev.tidepool.core.internal;

import dev.tidepool.core.PoolStats;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The borrowers who found nothing idle, and how entries reach them.
 *
 * <p>A waiter queues as a {@link Waiter} and asks for a creation. A young waiter competes for
 * idle entries like any borrower; a return makes its entry IDLE and wakes the longest waiter.
 * After {@link #FAIRNESS_GRACE_NANOS} a waiter turns old, provided woken threads run promptly,
 * compared with how long entries are held ({@link #handoffPays}); from then on {@link #offer}
 * hands every returned or created entry straight to the oldest waiter, and newcomers queue
 * behind it. A returner makes the entry IDLE and then looks at the queue; a new waiter enqueues
 * and then looks for IDLE entries. Both steps are volatile, so at least one of the two sees the
 * other: no wake-up is lost.
 */
final class WaitLine<T> {
    /**
     * How long a waiter competes for returned entries before it is served strictly in order.
     * Zero would be strict first-come-first-served from the first moment; a short grace lets a
     * running thread reuse a just-returned entry instead of handing it to a parked thread, which
     * matters when threads outnumber cores (see docs/decisions.md), while still bounding the wait
     * of anyone who keeps losing.
     */
    static final long FAIRNESS_GRACE_NANOS = Duration.ofMillis(1).toNanos();
    /**
     * Waiters turn old (served in order) only while woken threads get to run within this, on
     * recent average. A handoff parks the entry with a thread that must first be scheduled; when
     * threads outnumber cores that takes milliseconds, during which the entry serves nobody, and
     * every later borrower queues behind: a convoy. Then waiters keep competing instead, each
     * still bounded by its acquire timeout.
     */
    static final long MAX_HANDOFF_WAKE_NANOS = Duration.ofMillis(1).toNanos();
    /** How often a young waiter past the grace looks whether handoffs pay again. */
    static final long RECHECK_NANOS = Duration.ofMillis(50).toNanos();
    /** Re-checks per {@link #RECHECK_NANOS} of a long line of old waiters: see {@link #spacedRecheckNanos}. */
    static final int RECHECKS_PER_PERIOD = 64;

    private final SubPool<T> pool;
    private final EntryTable<T> table;
    /** Load shedding: newcomers are turned away while this many wait; 0: no limit. */
    private final int maxWaiters;
    private final WaiterQueue<T> waiters = new WaiterQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    /** Waiters past the fairness grace: while any exist, returns go to them in order. The fast path reads it. */
    final AtomicInteger oldWaiters = new AtomicInteger();
    /**
     * Recent average time from a handoff or wake-up to the waiter running (see handoffPays), in
     * slot {@link #WAKE_LATENCY} of an array of its own: waiters write it on every wake-up, and on
     * a cache line of its own the write does not evict the fields every return reads (this
     * object's, and the counters next to it).
     */
    private final AtomicLongArray wakeLatency = new AtomicLongArray(2 * WAKE_LATENCY + 1);
    private static final int WAKE_LATENCY = 8;

    WaitLine(SubPool<T> pool, EntryTable<T> table, int maxWaiters) {
        this.pool = pool;
        this.table = table;
        this.maxWaiters = maxWaiters;
    }

    /** Waiters not yet served. */
    int waiting() {
        return waiting.get();
    }

    /** Waiters now served in order (past the grace); for tests. */
    int oldWaiterCount() {
        return oldWaiters.get();
    }

    /**
     * Waits for an entry until the deadline and lends it: the slow path of a borrow. {@code claimed}
     * is an entry the fast path claimed that needs validating or retiring first, or null.
     *
     * <p>Each turn of the inner loop is one step of waiting: take an outcome someone handed over;
     * else give up at the deadline (or on interrupt); else, while young, claim an idle entry like
     * any borrower; else park, the head of a line of old waiters first handing idle entries down
     * the line. An outcome that is an entry is lent; one that was destroyed instead sends the
     * waiter back into the line, keeping its age.
     *
     * <p>Deliberately one method, larger than C2's {@code FreqInlineSize} (325 bytecodes), so it
     * is never inlined into the borrow's callers. When many threads start at once this path is
     * hot in the start-up profile; C2 then inlined it (as two smaller methods) into the caller's
     * loop, ran out of its inlining budget and left the fast path's own pieces as calls: the
     * 32-thread benchmarks ran several times slower in such JVMs (LogCompilation evidence in
     * docs/benchmarks.md). {@code SubPoolShapeTest} keeps it above the limit.
     */
    Entry<T> awaitEntry(long timeoutNanos, Entry<T> claimed) throws InterruptedException {
        final long start = System.nanoTime();
        final long deadline = start + timeoutNanos;
        if (claimed != null && pool.lendNow(claimed, deadline)) {
            return claimed;
        }
        if (maxWaiters > 0 && waiting.get() >= maxWaiters) {
            throw pool.failures().shed(pool.stats(), maxWaiters); // before queueing: a requeue after a destroyed entry is never shed
        }
        boolean countedOld = false;
        try {
            for (;;) {
                Waiter<T> w = enqueue(start);
                Object outcome;
                waiting:
                for (;;) {
                    // Handed over: an entry, a failure, or the timeout's stats.
                    Object slot = w.slot();
                    noteWoken(w);
                    if (slot != null) {
                        outcome = slot;
                        break;
                    }
                    // The deadline next: a claimed entry may need a validation, bounded by what is left.
                    long now = System.nanoTime();
                    long remaining = deadline - now;
                    if (remaining <= 0 || Thread.interrupted()) {
                        boolean interrupted = remaining > 0;
                        PoolStats atTimeout = interrupted ? null : pool.stats(); // this waiter still counted
                        if (w.cancel()) {
                            settled(w);
                            passBaton();
                            if (interrupted) {
                                throw pool.failures().interrupted();
                            }
                            outcome = atTimeout;
                            break;
                        }
                        if (interrupted) {
                            Thread.currentThread().interrupt(); // an outcome arrived anyway: take it, keep the flag
                        }
                        continue;
                    }
                    // Claiming: a young waiter competes like any borrower.
                    if (!w.old) {
                        Entry<T> e = table.claimIdle();
                        if (e != null) {
                            if (w.cancel()) {
                                settled(w);
                                passBaton();
                                outcome = e;
                                break;
                            }
                            offer(e); // something was handed over meanwhile: give this one back
                            continue;
                        }
                    }
                    // Parking. Old waiters are served by handoff; the bounded park is a safety net,
                    // so a missed handoff costs at most RECHECK_NANOS, never the whole acquire timeout.
                    long park = Math.min(remaining, RECHECK_NANOS);
                    if (w.old) {
                        if (liveHead() == w) {
                            handIdleEntriesToWaiters();
                        } else {
                            park = Math.min(remaining, spacedRecheckNanos());
                        }
                    } else {
                        long graceLeft = w.since + FAIRNESS_GRACE_NANOS - now;
                        if (graceLeft <= 0 && handoffPays(w, now)) {
                            oldWaiters.incrementAndGet();
                            countedOld = true; // the finally uncounts it
                            w.old = true;
                            handIdleEntriesToWaiters(); // an entry made idle just before it turned old
                            continue waiting;
                        }
                        // Young: wake up at the end of the grace to turn old. Past the grace while
                        // handoffs do not pay, stay young: returns wake the longest waiter
                        // (liveHead), so timed wake-ups would only add to the crowd on the CPUs; a
                        // slow re-check still notices when handoffs pay again.
                        park = graceLeft > 0 ? Math.min(park, graceLeft) : Math.min(remaining, spacedRecheckNanos());
                    }
                    LockSupport.parkNanos(this, park);
                }
                if (outcome instanceof Entry) {
                    @SuppressWarnings("unchecked")
                    Entry<T> e = (Entry<T>) outcome;
                    if (pool.lendNow(e, deadline)) {
                        return e;
                    }
                    if (countedOld) { // queue again (keeping its age), young until it turns old again
                        oldWaiters.decrementAndGet();
                        countedOld = false;
                    }
                    continue; // destroyed instead of lent
                }
                if (outcome == Suspended.MARK) {
                    throw new Suspended(start, timeoutNanos); // the borrow waits for the resume
                }
                if (outcome instanceof RuntimeException) {
                    throw (RuntimeException) outcome;
                }
                throw pool.failures().timedOut((PoolStats) outcome, timeoutNanos, pool.lastCreateFailure());
            }
        } finally {
            if (countedOld) {
                oldWaiters.decrementAndGet();
            }
        }
    }

    /**
     * How long an old waiter behind the head, or a young one past its grace, parks before its
     * re-check. Only the head acts on a re-check (it hands idle entries to the line), returns wake
     * the head, and a young waiter re-checks only whether handoffs pay again, so the others wake
     * mostly to look at their deadline: with thousands of waiters (virtual threads) a fixed period
     * would wake them by the hundred thousand per second, taking the CPU from the threads holding
     * entries. The period grows with the line, keeping the line's re-checks near
     * {@link #RECHECKS_PER_PERIOD} per {@link #RECHECK_NANOS}; a handoff wakes its waiter at once,
     * whatever the period.
     */
    private long spacedRecheckNanos() {
        int line = waiting.get();
        return line <= RECHECKS_PER_PERIOD ? RECHECK_NANOS : RECHECK_NANOS * (line / RECHECKS_PER_PERIOD);
    }

    /**
     * Queues the calling thread. {@code waiting} counts waiters not yet served: whoever settles a
     * waiter (fulfils, rejects, or the waiter cancelling itself) decrements it, so demand
     * estimates never count a thread that already has its entry. The pool's refusals (closed,
     * retired, suspended, creation failing for good) are read after the count went up, while
     * each of them is written before the pool rejects its queue: one of the two sees the other.
     */
    private Waiter<T> enqueue(long since) {
        Waiter<T> w = new Waiter<>(Thread.currentThread(), since);
        w.offersAtEnqueue = table.offersSoFar();
        waiters.add(w);
        waiting.incrementAndGet();
        RuntimeException refusal = pool.refusal();
        if (refusal != null && w.reject(refusal)) {
            settled(w);
        }
        pool.requestCreate();
        return w;
    }

    /**
     * Bookkeeping once a waiter's outcome is decided, by whoever decided it. The node stays in the
     * queue until it reaches the head ({@link #liveHead()} unlinks it there with one CAS): removing it
     * where it stands would scan the queue on every timeout or won race.
     */
    private void settled(Waiter<T> w) {
        waiting.decrementAndGet();
    }

    /** Fails every waiter with {@code failure} (closing, suspending, creation failing for good). */
    void rejectAll(RuntimeException failure) {
        Waiter<T> w;
        while ((w = waiters.poll()) != null) {
            if (w.reject(failure)) {
                waiting.decrementAndGet();
            }
        }
    }

    /** The longest waiter still waiting, after unlinking settled ones from the head. */
    private Waiter<T> liveHead() {
        Waiter<T> head;
        while ((head = waiters.first()) != null && head.slot() != null) {
            waiters.unlinkFirst(head);
        }
        return head;
    }

    /** A waiter runs again after a handoff or a wake-up: how long did the scheduler take? */
    private void noteWoken(Waiter<T> w) {
        long signalledAt = w.signalledAt;
        if (signalledAt != 0) {
            w.signalledAt = 0;
            long sample = Math.max(0, System.nanoTime() - signalledAt);
            long average = wakeLatency.getPlain(WAKE_LATENCY);
            wakeLatency.setOpaque(WAKE_LATENCY, average + (sample - average) / 8); // racy by design: a rough recent average
        }
    }

    /**
     * Handing entries to waiters in order pays only while woken threads run promptly: within
     * {@link #MAX_HANDOFF_WAKE_NANOS}, and within the time a borrower holds an entry. A handed-over
     * entry idles until its waiter runs; when that takes longer than a whole use of the entry, the
     * handoff wastes more than it serves (threads outnumbering cores, holds of microseconds). The
     * hold time comes from Little's law: while anyone waits every entry is in use, so one hold
     * lasts entries / return rate, and the rate is what {@code w} saw returned since it queued.
     */
    private boolean handoffPays(Waiter<T> w, long now) {
        long latency = wakeLatency.getOpaque(WAKE_LATENCY);
        if (latency > MAX_HANDOFF_WAKE_NANOS) {
            return false;
        }
        long returns = table.offersSoFar() - w.offersAtEnqueue;
        if (returns <= 0) {
            return true; // nothing came back since it queued: holds outlast its whole wait
        }
        long holdNanos = (now - w.since) / returns * table.size();
        return latency <= holdNanos;
    }

    /**
     * A waiter leaves the queue: if entries are still idle, serve or wake the next one. Returns wake
     * only the longest waiter, and skip it while it is already awake, so without this baton the
     * next waiter could sleep through idle entries.
     *
     * <p>An old next waiter is handed the idle entries: it may have turned old while a young waiter
     * stood before it, when {@link #handIdleEntriesToWaiters} (which serves only an old head) could
     * not reach it, and an old waiter never claims entries itself. Missing this left an old waiter
     * parked beside an idle entry until its timeout (seen in CI: total=3, active=2, idle=1,
     * waiting=1 at the timeout).
     */
    private void passBaton() {
        Waiter<T> next = liveHead();
        if (next == null) {
            return;
        }
        if (next.old) {
            handIdleEntriesToWaiters();
            return;
        }
        if (table.anyIdle()) {
            if (next.signalledAt == 0) {
                next.signalledAt = System.nanoTime();
            }
            next.wake();
        }
    }

    /** Gives idle entries to old waiters, oldest first. */
    private void handIdleEntriesToWaiters() {
        Entry<T> e;
        while (headIsOld() && (e = table.claimIdle()) != null) {
            offer(e);
        }
    }

    private boolean headIsOld() {
        Waiter<T> head = liveHead();
        return head != null && head.old;
    }

    /**
     * Makes an owned entry available. If the longest waiter is old, the entry is handed to it
     * directly and stays BORROWED: no newcomer can barge in. Otherwise it becomes IDLE and the
     * longest waiter, if any, is woken to compete for it. Used by returners, creators and
     * housekeeping alike.
     */
    void offer(Entry<T> e) {
        // A plain write to a field of an entry this thread owns: no atomic, no shared cache line.
        // (A shared LongAdder here was 9 % of the 32-thread ConnectionCycle profile.)
        e.offers++;
        for (;;) {
            Waiter<T> head;
            // The count is only a shortcut for the common case of no waiters; the checks after
            // toIdle() are what guarantee no waiter is missed.
            while (waiting.get() > 0 && (head = liveHead()) != null && head.old) {
                if (e.state() != Entry.BORROWED) {
                    e.toBorrowed(); // a housekeeping-reserved entry goes straight to a waiter
                }
                head.signalledAt = System.nanoTime();
                if (head.fulfil(e)) {
                    settled(head);
                    waiters.unlinkFirst(head);
                    return;
                }
            }
            e.toIdle();
            // A waiter may have queued, or turned old, after the loop looked: look again. An old
            // head gets the entry back from IDLE by handoff; a young one is woken to compete.
            head = liveHead();
            if (head == null) {
                return;
            }
            if (!head.old) {
                if (head.signalledAt == 0) { // else it was woken already and has not run yet
                    head.signalledAt = System.nanoTime();
                    head.wake();
                }
                return;
            }
            if (!e.idle2borrowed()) {
                return; // someone else took it
            }
        }
    }
}
