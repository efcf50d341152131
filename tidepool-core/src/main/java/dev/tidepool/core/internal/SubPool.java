package dev.tidepool.core.internal;

import dev.tidepool.core.DestroyReason;
import dev.tidepool.core.HolderInfo;
import dev.tidepool.core.PoolClosedException;
import dev.tidepool.core.PoolListener;
import dev.tidepool.core.PoolSaturatedException;
import dev.tidepool.core.PoolSettings;
import dev.tidepool.core.PoolStats;
import dev.tidepool.core.PoolTimeoutException;
import dev.tidepool.core.PoolUnavailableException;
import dev.tidepool.core.ResourceFactory;
import dev.tidepool.core.Ticker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The engine of one pool (or of one key of a keyed pool).
 *
 * <h2>Borrowing</h2>
 * The fast path runs while no waiter is old (see below): it scans the shared entry array,
 * starting at a slot derived from the thread id (so each thread tends to reuse "its" entry and
 * threads spread out), and claims the first idle entry with one CAS. No lock, no allocation, no
 * clock read.
 *
 * <p>When nothing is idle, the caller queues as a {@link Waiter} and asks for a creation. A young
 * waiter competes for idle entries like any borrower; a return makes its entry IDLE and wakes the
 * longest waiter. After {@link #FAIRNESS_GRACE_NANOS} a waiter turns old, provided woken threads
 * run promptly, compared with how long entries are held ({@link #handoffPays}); from then on {@link #offer(Entry)} hands every returned
 * or created entry straight to the oldest waiter, and newcomers queue behind it. A returner makes
 * the entry IDLE and then looks at the queue; a new waiter enqueues and then looks for IDLE
 * entries. Both steps are volatile, so at least one of the two sees the other: no wake-up is lost.
 *
 * <h2>Creating and destroying</h2>
 * Resources are created and destroyed on the pool's worker threads, never on a borrower's. A
 * capacity slot is taken before a creation starts and returned only once the resource is closed,
 * so the number of open resources never exceeds {@code maxSize}. At most two creations run at
 * once; while creations keep failing, one probe, plus one beside each attempt stuck in connect or
 * login for a while ({@link CreateAttempts}); each re-checks demand before it connects, so
 * creations nobody needs any more are dropped. A failed creation is retried with exponential
 * back-off counted from its start (one pending retry at a time) while demand remains.
 *
 * <h2>Time</h2>
 * Reading the clock costs 20-60 ns on a virtual machine, as much as the rest of a borrow, so the
 * hot path reads none. It reads {@link #coarseNanos} instead: the injectable {@link Ticker}'s
 * value as of the last housekeeping tick (every {@link #TICK_NANOS} at most), slow-path borrow or
 * creation. Every time-based decision (lifetimes, idle time, "validate if idle over 500 ms",
 * holder times) tolerates that resolution. Waiting itself uses real time, since threads park in
 * real time. The return path writes no time: the idle time of an entry is measured from its last
 * borrow or the last tick that saw it borrowed, which can only overstate idleness.
 */
public final class SubPool<T> {
    private static final System.Logger LOG = System.getLogger("dev.tidepool.core");
    /** An entry idle longer than this is validated before it is lent. */
    static final long ALIVE_BYPASS_NANOS = Duration.ofMillis(500).toNanos();
    static final int MAX_CONCURRENT_CREATES = 2;
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
    static final long MIN_RETRY_NANOS = Duration.ofMillis(25).toNanos();
    static final long MAX_RETRY_NANOS = Duration.ofSeconds(1).toNanos();
    /** Longest gap between housekeeping passes, and so the resolution of {@link #coarseNanos}. */
    static final long TICK_NANOS = Duration.ofMillis(250).toNanos();
    /** How far behind the coarse clock may be before a slow-path borrow refreshes it. */
    static final long STALE_TICK_NANOS = Duration.ofMillis(1).toNanos();
    static final long MIN_HOUSEKEEPING_NANOS = Duration.ofMillis(10).toNanos();
    /** The shortest validation a borrower whose deadline has (nearly) passed is given. */
    static final long MIN_VALIDATION_NANOS = Duration.ofMillis(1).toNanos();
    @SuppressWarnings("rawtypes")
    private static final Entry[] NO_ENTRIES = new Entry[0];

    final String name;
    final Ticker ticker;
    private final String noun;
    private final ResourceFactory<T> factory;
    /** Every listener of the pool: those of the settings and those attached later. */
    private final ListenerHub listener;
    private final PoolThreads threads;
    private final SharedLimit sharedLimit;
    private final Predicate<SubPool<T>> roomMaker;
    /** Mutable at runtime ({@link #setMaxSize}, {@link #setMinIdle}); read off the borrow path only. */
    private volatile int maxSize;
    private volatile int minIdle;
    private final long validationTimeoutNanos;
    private final Duration validationTimeout;
    private final long idleTimeoutNanos;
    private final long maxLifetimeNanos;
    private final long keepaliveNanos;
    private final long leakThresholdNanos;
    /** Load shedding: newcomers are turned away while this many wait; 0: no limit. */
    private final int maxWaiters;

    @SuppressWarnings("unchecked")
    private volatile Entry<T>[] entries = NO_ENTRIES;
    private final ReentrantLock structureLock = new ReentrantLock();
    private final WaiterQueue<T> waiters = new WaiterQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    /** Waiters past the fairness grace: while any exist, returns go to them in order. */
    private final AtomicInteger oldWaiters = new AtomicInteger();
    /** Recent average time from a handoff or wake-up to the waiter running (see handoffPays). */
    private volatile long wakeLatencyNanos;
    /**
     * Offers counted by entries already removed ({@link Entry#offers} of the live ones is the
     * rest): with them, {@link #offersSoFar} never goes back when an entry is destroyed.
     */
    private final LongAdder offersOfRemovedEntries = new LongAdder();
    /** Capacity slots taken: open entries + creations under way + entries being destroyed. */
    private final AtomicInteger allocated = new AtomicInteger();
    private final AtomicInteger creating = new AtomicInteger();
    private final LongAdder created = new LongAdder();
    private final LongAdder destroyed = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final CreateFailures createFailures;
    private final CreateAttempts createAttempts = new CreateAttempts();
    /**
     * A retry after a failed creation is pending: nothing else starts a creation until it runs.
     * Set only by the failure that schedules it (one pending retry at most, or stale retries of
     * earlier failures would clear it early and defeat the back-off).
     */
    private final AtomicBoolean retryScheduled = new AtomicBoolean();
    private volatile boolean closed;
    /**
     * Set by a keyed pool that removes this sub-pool after it stayed unused: a borrower that
     * queues afterwards is turned away with {@link Retired} and asks the keyed pool again.
     */
    private volatile boolean retired;
    /** When housekeeping first saw this sub-pool unused (0: in use); housekeeping thread only. */
    long unusedSince;
    /** The ticker's value at the last tick, slow-path borrow or creation: the hot path's clock. */
    private volatile long coarseNanos;
    /** Entries to evict spread over a window (credentials rotated); null: none. Housekeeping reads it. */
    private volatile SpreadEviction spreadEviction;
    /** Looks at borrowed entries on each housekeeping pass; null: none (see {@link HolderWatch}). */
    private volatile HolderWatch<T> holderWatch;
    /**
     * Why a borrow may not take the fast path as it is: {@link #GATE_CLOSED}, {@link #GATE_SUSPENDED},
     * {@link #GATE_TIMED}, {@link #GATE_SAMPLED}. Zero in the common case, so the fast path pays one field read for all
     * of them, as it paid one for {@code closed} before (see {@link #borrowGated}). Written under gateLock.
     */
    private volatile int gate;
    static final int GATE_CLOSED = 1;
    static final int GATE_SUSPENDED = 1 << 1;
    static final int GATE_TIMED = 1 << 2;
    /** Timings wanted, and every listener that wants them takes them sampled ({@link TimedUse}). */
    static final int GATE_SAMPLED = 1 << 3;
    private final Object gateLock = new Object();
    private final Suspension suspension = new Suspension();

    SubPool(PoolSettings settings, String noun, ResourceFactory<T> factory, PoolThreads threads,
            SharedLimit sharedLimit, Predicate<SubPool<T>> roomMaker) {
        this.name = settings.name();
        this.noun = noun;
        this.ticker = settings.ticker();
        this.factory = factory;
        this.createFailures = new CreateFailures(name, noun, factory, ticker);
        this.listener = ListenerHub.of(settings.listener());
        this.threads = threads;
        this.sharedLimit = sharedLimit;
        this.roomMaker = roomMaker;
        this.maxSize = settings.maxSize();
        this.minIdle = settings.minIdle();
        this.validationTimeout = settings.validationTimeout();
        this.validationTimeoutNanos = validationTimeout.toNanos();
        this.idleTimeoutNanos = settings.idleTimeout().toNanos();
        this.maxLifetimeNanos = settings.maxLifetime().toNanos();
        this.keepaliveNanos = settings.keepaliveInterval().toNanos();
        this.leakThresholdNanos = settings.leakThreshold().toNanos();
        this.maxWaiters = settings.maxWaiters();
        this.coarseNanos = ticker.nanoTime();
        listener.subscribe(this);
    }

    /** Waiters now served in order (past the grace); for tests. */
    int oldWaiterCount() {
        return oldWaiters.get();
    }

    /** Installs the layer above's watch over borrowed entries (one per pool; null removes it). */
    public void watchHolders(HolderWatch<T> watch) {
        this.holderWatch = watch == null ? null : new GuardedHolderWatch<>(name, watch);
    }

    /** The coarse clock: a field read instead of a clock read. */
    long coarseNanos() {
        return coarseNanos;
    }

    /** Moves the coarse clock forward to a fresh reading (never back). */
    private long tick(long now) {
        if (now - coarseNanos > 0) {
            coarseNanos = now;
        }
        return now;
    }

    /**
     * {@link #tick} for the borrow slow path, which under contention runs thousands of times a
     * millisecond: it writes only when the coarse clock is a millisecond behind, since every write
     * costs each fast-path borrower (which reads the field) a cache miss.
     */
    private long tickIfStale(long now) {
        if (now - coarseNanos > STALE_TICK_NANOS) {
            coarseNanos = now;
        }
        return now;
    }

    // ---------------------------------------------------------------- borrowing

    /**
     * Borrows an entry, waiting at most {@code timeoutNanos}.
     *
     * @throws PoolTimeoutException when nothing became free in time
     * @throws PoolClosedException when the pool is closed
     */
    public Entry<T> borrow(long timeoutNanos) throws InterruptedException {
        if (gate != 0) {
            return borrowGated(0, timeoutNanos);
        }
        try {
            return borrowNow(timeoutNanos);
        } catch (Suspended s) {
            return borrowGated(s.start, s.timeoutNanos); // it queued as the pool was suspended
        }
    }

    /** The borrow itself: the fast path, else the waiting path. */
    private Entry<T> borrowNow(long timeoutNanos) throws InterruptedException {
        if (oldWaiters.get() == 0) {
            Entry<T> e = claimIdle();
            if (e != null) {
                if (lendFresh(e, coarseNanos)) {
                    return e;
                }
                return awaitEntry(timeoutNanos, e); // to validate or retire it, under the deadline
            }
        }
        return awaitEntry(timeoutNanos, null);
    }

    /**
     * Claims an idle entry with one CAS: the entry in this thread's home slot when it is idle (the
     * common case), else the idle entry this thread used last, else the first idle one after the
     * home slot.
     *
     * <p>Why the middle step: when threads outnumber cores, a thread descheduled while holding an
     * entry keeps it for a whole time slice, and with enough of them the running threads share the
     * few entries left. Taking "the first idle one" then makes two running threads trade entries
     * on every borrow, each trade a cache miss on both cores (measured: throughput fell to a tenth
     * in such phases, with no thread parking). Going back to its own last entry keeps each
     * running thread on an entry already in its core's cache. The scan reads only state fields of
     * entries whose holders are descheduled, which stay cached.
     */
    private Entry<T> claimIdle() {
        Entry<T>[] es = entries;
        int n = es.length;
        if (n == 0) {
            return null;
        }
        int start = homeSlot(n);
        Entry<T> home = es[start];
        if (home.state() == Entry.IDLE && home.idle2borrowed()) {
            return home;
        }
        Entry<T> own = lastUsedIdle(es, start);
        if (own != null) {
            return own;
        }
        return firstIdle(es, start);
    }

    /** The idle entry the calling thread borrowed last, claimed; null if there is none or it was taken. */
    private Entry<T> lastUsedIdle(Entry<T>[] es, int start) {
        Thread me = Thread.currentThread();
        int n = es.length;
        for (int i = 1; i < n; i++) {
            int index = start + i < n ? start + i : start + i - n;
            Entry<T> e = es[index];
            if (e.lastBorrower == me) {
                return e.state() == Entry.IDLE && e.idle2borrowed() ? e : null;
            }
        }
        return null;
    }

    /** The first idle entry from the home slot on, claimed; null when a whole scan found none. */
    private Entry<T> firstIdle(Entry<T>[] es, int start) {
        int n = es.length;
        for (int i = 0; i < n; i++) {
            int index = start + i < n ? start + i : start + i - n;
            Entry<T> e = es[index];
            if (e.state() == Entry.IDLE && e.idle2borrowed()) {
                return e;
            }
        }
        return null;
    }

    /**
     * Maps the thread id onto [0, n) with a multiply and a shift instead of a division: the
     * golden-ratio multiply spreads consecutive ids, the shift scales without a modulo.
     */
    @SuppressWarnings("deprecation") // threadId() is Java 19+; getId() is the same number on 17
    private static int homeSlot(int n) {
        int mixed = (int) Thread.currentThread().getId() * 0x9E3779B9;
        return (int) (((mixed & 0xFFFFFFFFL) * n) >>> 32);
    }

    /**
     * The fast path's lend: records the holder of a claimed entry that needs neither retiring nor
     * validating. False, with the entry still claimed and untouched, when it needs either: the
     * caller then lends it through {@link #lend}, under its deadline.
     */
    private boolean lendFresh(Entry<T> e, long now) {
        if (e.evictOnReturn != null || now - e.retireAt >= 0 || now - e.lastAliveAt > ALIVE_BYPASS_NANOS) {
            return false;
        }
        recordHolder(e, now);
        return true;
    }

    /**
     * Prepares a claimed entry for its borrower: retires it if old or evicted, validates it if it
     * sat idle, and records the holder. False when the entry was destroyed instead.
     *
     * <p>The validation is bounded by what is left of the borrower's wait, {@code deadline}
     * (System.nanoTime), as well as by validationTimeout: a borrower that meets several stale
     * entries in a row (a dead network) still gives up at its acquire timeout, not after one
     * validationTimeout per entry.
     */
    private boolean lend(Entry<T> e, long now, long deadline) {
        DestroyReason evict = e.evictOnReturn;
        if (evict != null || now - e.retireAt >= 0) {
            destroy(e, evict != null ? evict : DestroyReason.MAX_LIFETIME);
            return false;
        }
        if (now - e.lastAliveAt > ALIVE_BYPASS_NANOS && !isValid(e, validationBudget(deadline))) {
            destroy(e, DestroyReason.VALIDATION_FAILED);
            return false;
        }
        recordHolder(e, now);
        return true;
    }

    /** validationTimeout, or less when the borrower's deadline comes sooner (at least a millisecond). */
    private Duration validationBudget(long deadline) {
        long left = deadline - System.nanoTime();
        if (left >= validationTimeoutNanos) {
            return validationTimeout;
        }
        return Duration.ofNanos(Math.max(MIN_VALIDATION_NANOS, left));
    }

    private void recordHolder(Entry<T> e, long now) {
        Thread me = Thread.currentThread();
        e.holder = me;
        e.lastBorrower = me;
        e.borrowedAt = now;
        e.lastUsedAt = now;
        e.lastAliveAt = now;
        e.lastActivityAt = now;
        e.leakReported = false;
        if (leakThresholdNanos > 0) {
            e.borrowStack = new Throwable().getStackTrace();
        }
    }

    private boolean isValid(Entry<T> e, Duration timeout) {
        try {
            return factory.validate(e.resource, timeout);
        } catch (Exception | LinkageError ex) {
            LOG.log(System.Logger.Level.DEBUG, () -> name + " - validation failed: " + ex);
            return false;
        }
    }

    /**
     * The slow path: queue, wait for an outcome until the deadline, lend it. A young waiter
     * competes for idle entries like any borrower and is woken when one is returned; once it has
     * waited {@link #FAIRNESS_GRACE_NANOS} it turns old (if {@link #handoffPays}), and from then
     * on returns are handed to old waiters in queue order, and newcomers queue behind them.
     *
     * <p>Deliberately one method, larger than C2's {@code FreqInlineSize} (325 bytecodes), so it
     * is never inlined into {@link #borrow}'s callers. When many threads start at once this path
     * is hot in the start-up profile; C2 then inlined it (as two smaller methods) into the
     * caller's loop, ran out of its inlining budget and left the fast path's own pieces as calls:
     * the 32-thread benchmarks ran several times slower in such JVMs (LogCompilation evidence in
     * docs/benchmarks.md). {@code SubPoolShapeTest} keeps it above the limit.
     */
    private Entry<T> awaitEntry(long timeoutNanos, Entry<T> claimed) throws InterruptedException {
        final long start = System.nanoTime();
        final long deadline = start + timeoutNanos;
        if (claimed != null && lend(claimed, tickIfStale(ticker.nanoTime()), deadline)) {
            return claimed;
        }
        if (maxWaiters > 0 && waiting.get() >= maxWaiters) {
            throw shed(); // before queueing: a requeue after a destroyed entry is never shed
        }
        boolean countedOld = false;
        try {
            for (;;) {
                Waiter<T> w = enqueue(start);
                Object outcome;
                waiting:
                for (;;) {
                    Object slot = w.slot();
                    noteWoken(w);
                    if (slot != null) {
                        outcome = slot;
                        break;
                    }
                    // The deadline first: a claimed entry may need a validation, bounded by what is left.
                    long now = System.nanoTime();
                    long remaining = deadline - now;
                    if (remaining <= 0 || Thread.interrupted()) {
                        boolean interrupted = remaining > 0;
                        PoolStats atTimeout = interrupted ? null : stats(); // this waiter still counted
                        if (w.cancel()) {
                            settled(w);
                            passBaton();
                            if (interrupted) {
                                throw new InterruptedException(name + " - interrupted while waiting for a " + noun);
                            }
                            outcome = atTimeout;
                            break;
                        }
                        if (interrupted) {
                            Thread.currentThread().interrupt(); // an outcome arrived anyway: take it, keep the flag
                        }
                        continue;
                    }
                    if (!w.old) {
                        Entry<T> e = claimIdle();
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
                    // Old waiters are served by handoff; the bounded park is a safety net, so a
                    // missed handoff costs at most RECHECK_NANOS, never the whole acquire timeout.
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
                    if (lend(e, tickIfStale(ticker.nanoTime()), deadline)) {
                        return e;
                    }
                    if (countedOld) { // queue again (keeping its age), young until it turns old again
                        oldWaiters.decrementAndGet();
                        countedOld = false;
                    }
                    continue; // destroyed instead of lent
                }
                if (outcome == Suspended.MARK) {
                    throw new Suspended(start, timeoutNanos); // borrow() waits for the resume
                }
                if (outcome instanceof RuntimeException) {
                    throw (RuntimeException) outcome;
                }
                PoolStats stats = (PoolStats) outcome;
                timeouts.increment();
                listener.timedOut(stats);
                long millis = Duration.ofNanos(timeoutNanos).toMillis();
                throw new PoolTimeoutException(name + " - no " + noun + " available within " + millis
                        + " ms (" + stats.counts() + ")", createFailures.last(), stats, millis);
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
     * Load shedding: {@code maxWaiters} threads already wait. Read without a lock, so threads
     * arriving at the same instant may each see one waiter fewer: the limit holds to within the
     * number of simultaneous arrivals, which is what shedding needs (fail fast, not exact counts).
     */
    private PoolSaturatedException shed() {
        PoolStats stats = stats();
        rejected.increment();
        listener.rejected(stats);
        return new PoolSaturatedException(name + " - " + stats.waiting() + " threads already wait for a " + noun
                + " (maxWaiters=" + maxWaiters + "): not queueing another (" + stats.counts() + ")", stats, maxWaiters);
    }

    /**
     * Queues the calling thread. {@code waiting} counts waiters not yet served: whoever settles a
     * waiter (fulfils, rejects, or the waiter cancelling itself) decrements it, so demand
     * estimates never count a thread that already has its entry.
     */
    private Waiter<T> enqueue(long since) {
        Waiter<T> w = new Waiter<>(Thread.currentThread(), since);
        w.offersAtEnqueue = offersSoFar();
        waiters.add(w);
        waiting.incrementAndGet();
        if (closed && w.reject(new PoolClosedException(name))) {
            settled(w);
        }
        // After the waiting count went up: tryRetire() writes retired before reading the count.
        if (retired && w.reject(Retired.INSTANCE)) {
            settled(w);
        }
        if (suspension.isOn() && w.reject(Suspended.MARK)) {
            settled(w); // suspend() wrote the flag before it rejected the queue: one of the two sees this waiter
        }
        Throwable persistent = createFailures.persistent();
        if (persistent != null && retryScheduled.get() && entries.length == 0 && w.reject(unavailable(persistent))) {
            settled(w); // no point waiting: the next attempt is not due yet
        }
        requestCreate();
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
            long average = wakeLatencyNanos;
            wakeLatencyNanos = average + (sample - average) / 8; // racy by design: a rough recent average
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
        long latency = wakeLatencyNanos;
        if (latency > MAX_HANDOFF_WAKE_NANOS) {
            return false;
        }
        long returns = offersSoFar() - w.offersAtEnqueue;
        if (returns <= 0) {
            return true; // nothing came back since it queued: holds outlast its whole wait
        }
        long holdNanos = (now - w.since) / returns * entries.length;
        return latency <= holdNanos;
    }

    /**
     * Entries offered (returned, created, kept alive) since the pool started, read racily from the
     * entries' own counters: a rough figure, which is all {@link #handoffPays} needs. Slow path only.
     */
    private long offersSoFar() {
        long sum = offersOfRemovedEntries.sum();
        for (Entry<T> e : entries) {
            sum += e.offers;
        }
        return sum;
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
        for (Entry<T> e : entries) {
            if (e.state() == Entry.IDLE) {
                if (next.signalledAt == 0) {
                    next.signalledAt = System.nanoTime();
                }
                next.wake();
                return;
            }
        }
    }

    /** Gives idle entries to old waiters, oldest first. */
    private void handIdleEntriesToWaiters() {
        Entry<T> e;
        while (headIsOld() && (e = claimIdle()) != null) {
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
    private void offer(Entry<T> e) {
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

    // ---------------------------------------------------------------- returning

    void release(Entry<T> e) {
        reportUse(e);
        runReturnHook(e);
        e.holder = null;
        e.borrowStack = null;
        if (factory.isBroken(e.resource)) {
            destroy(e, factory.brokenReason(e.resource));
            return;
        }
        try {
            factory.reset(e.resource);
        } catch (Exception | LinkageError ex) {
            LOG.log(System.Logger.Level.DEBUG, () -> name + " - reset on return failed: " + ex);
            destroy(e, DestroyReason.RESET_FAILED);
            return;
        }
        DestroyReason evict = e.evictOnReturn;
        if (evict != null || closed) {
            destroy(e, evict != null ? evict : DestroyReason.POOL_CLOSED);
            return;
        }
        // In use until now, so alive as of now: a borrow right after a long hold needs no validation.
        e.lastAliveAt = coarseNanos;
        offer(e);
    }

    void invalidate(Entry<T> e, DestroyReason reason) {
        reportUse(e);
        runReturnHook(e);
        e.holder = null;
        e.borrowStack = null;
        destroy(e, reason);
    }

    /** A borrow counted for the listeners ({@link #borrowGated}) is counted back, maybe timed: one plain field read otherwise. */
    private void reportUse(Entry<T> e) {
        long lentAt = e.lentAt;
        if (lentAt != 0) {
            e.lentAt = 0;
            e.timing.returned(lentAt, coarseNanos, (gate & GATE_TIMED) != 0, ticker, listener);
        }
    }

    /** Adds the borrows and returns the live entries counted to {@code sums} (for {@link ListenerHub}'s counts). */
    void addBorrowCounts(long[] sums) {
        for (Entry<T> e : entries) {
            if (e.state() != Entry.REMOVED) { // a removed entry's counts are the hub's now
                sums[0] += e.timing.lends();
                sums[1] += e.timing.returns();
            }
        }
    }

    /** The borrower's layer asked to hear when this borrow ends ({@link Entry#onReturn}); null by default. */
    private void runReturnHook(Entry<T> e) {
        Runnable hook = e.returnHook;
        if (hook != null) {
            e.returnHook = null;
            hook.run();
        }
    }

    // ---------------------------------------------------------------- creating

    /** Starts creations while there is demand, capacity and fewer than the allowed number under way. */
    void requestCreate() {
        if (retryScheduled.get()) {
            return; // a failed creation waits out its back-off; the retry re-checks demand
        }
        if (sharedLimit == null && allocated.get() >= maxSize) {
            return; // full: the common case under load, answered without scanning the entries
        }
        // While creations fail, one probe at a time, plus one beside each probe stuck in connect or
        // login (CreateAttempts): a fresh one gets through as soon as the network is back.
        int stale = staleAttempts();
        int most = createFailures.streak() == 0 ? MAX_CONCURRENT_CREATES : CreateAttempts.probesAllowed(stale);
        for (;;) {
            int c = creating.get();
            if (c >= most || shortfall(c - stale) <= 0) {
                return;
            }
            if (!creating.compareAndSet(c, c + 1)) {
                continue;
            }
            if (!reserveSlot()) {
                creating.decrementAndGet();
                if (sharedLimit != null && waiting.get() > 0) {
                    roomMaker.test(this);
                }
                return;
            }
            if (!threads.execute(this::createOne)) {
                creating.decrementAndGet();
                releaseSlot();
                return;
            }
        }
    }

    /** Creations presumed stuck (under way a while) while creations fail; 0 while they succeed. */
    private int staleAttempts() {
        return createFailures.streak() == 0 ? 0 : createAttempts.stale(ticker.nanoTime());
    }

    /** How many more resources are wanted, beyond the {@code inFlight} creations under way. */
    private int shortfall(int inFlight) {
        if (closed || retired) {
            return 0;
        }
        int idle = 0;
        for (Entry<T> e : entries) {
            if (e.state() == Entry.IDLE) {
                idle++;
            }
        }
        int forWaiters = waiting.get() - idle;
        int forMinIdle = minIdle - idle;
        return Math.max(forWaiters, forMinIdle) - inFlight;
    }

    private boolean reserveSlot() {
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

    private void releaseSlot() {
        allocated.decrementAndGet();
        if (sharedLimit != null) {
            sharedLimit.release();
        }
    }

    private void createOne() {
        if (shortfall(creating.get() - 1 - staleAttempts()) <= 0) {
            // Demand vanished while this creation was queued, or only seems to: a sibling that has
            // offered its entry still counts as under way until it ends. Checked again once this one
            // no longer counts either, or the last wanted creation is lost (two siblings each seeing
            // the other as under way).
            releaseSlot();
            creating.decrementAndGet();
            requestCreate();
            return;
        }
        boolean success = false;
        int attempt = -1;
        long begin = 0;
        try {
            begin = ticker.nanoTime();
            attempt = createAttempts.begin(begin);
            T resource = factory.create();
            long now = tick(ticker.nanoTime());
            Entry<T> e = new Entry<>(this, resource, now, retireAt(now), nextKeepalive(now));
            addEntry(e);
            created.increment();
            createFailures.succeeded();
            success = true;
            listener.created(Duration.ofNanos(now - begin));
            if (closed) {
                destroy(e, DestroyReason.POOL_CLOSED);
            } else {
                offer(e);
            }
        } catch (Throwable t) {
            releaseSlot();
            onCreateFailed(t, begin);
        } finally {
            createAttempts.end(attempt);
            creating.decrementAndGet();
        }
        if (success) {
            requestCreate();
        }
    }

    private void onCreateFailed(Throwable t, long begin) {
        int failures = createFailures.failed(t);
        listener.createFailed(t);
        if (t instanceof Error && !(t instanceof LinkageError)) {
            throw (Error) t;
        }
        // Before anything was ever created, a refused port or an unknown host is a verdict too.
        if (factory.failsFast(t) || (created.sum() == 0 && factory.failsFastBeforeFirstCreate(t))) {
            createFailures.failedPersistently(t);
            if (entries.length == 0) {
                rejectAllWaiters(unavailable(t));
            }
        }
        long backoff = Math.min(MAX_RETRY_NANOS, MIN_RETRY_NANOS << Math.min(failures - 1, 20));
        // Counted from the attempt's start: one that waited out a connect timeout retries at once.
        long delay = factory.failsFast(t) ? backoff : CreateAttempts.remainingBackoff(backoff, begin, ticker.nanoTime());
        if (retryScheduled.compareAndSet(false, true)) {
            threads.schedule(() -> {
                retryScheduled.set(false);
                requestCreate();
            }, delay);
        }
    }

    private PoolUnavailableException unavailable(Throwable cause) {
        return new PoolUnavailableException(name + " - cannot create a " + noun + ": " + cause.getMessage(), cause);
    }

    private void rejectAllWaiters(RuntimeException failure) {
        Waiter<T> w;
        while ((w = waiters.poll()) != null) {
            if (w.reject(failure)) {
                waiting.decrementAndGet();
            }
        }
    }

    private long retireAt(long now) {
        if (maxLifetimeNanos == 0) {
            return now + Long.MAX_VALUE / 2;
        }
        long jitter = ThreadLocalRandom.current().nextLong(maxLifetimeNanos / 40 + 1);
        return now + maxLifetimeNanos - jitter;
    }

    private long nextKeepalive(long now) {
        if (keepaliveNanos == 0) {
            return now + Long.MAX_VALUE / 2;
        }
        return now + keepaliveNanos - ThreadLocalRandom.current().nextLong(keepaliveNanos / 10 + 1);
    }

    private void addEntry(Entry<T> e) {
        structureLock.lock();
        try {
            Entry<T>[] old = entries;
            Entry<T>[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = e;
            entries = grown;
        } finally {
            structureLock.unlock();
        }
    }

    private boolean removeEntry(Entry<T> e) {
        structureLock.lock();
        try {
            Entry<T>[] old = entries;
            for (int i = 0; i < old.length; i++) {
                if (old[i] == e) {
                    @SuppressWarnings("unchecked")
                    Entry<T>[] shrunk = old.length == 1 ? NO_ENTRIES : new Entry[old.length - 1];
                    System.arraycopy(old, 0, shrunk, 0, i);
                    System.arraycopy(old, i + 1, shrunk, i, old.length - i - 1);
                    entries = shrunk;
                    return true;
                }
            }
            return false;
        } finally {
            structureLock.unlock();
        }
    }

    // ---------------------------------------------------------------- destroying

    /** Destroys an owned entry on a worker thread; its capacity slot is freed once it is closed. */
    void destroy(Entry<T> e, DestroyReason reason) {
        e.toRemoved();
        if (!removeEntry(e)) {
            return; // already destroyed
        }
        offersOfRemovedEntries.add(e.offers);
        Runnable close = () -> closeResource(e, reason);
        if (!threads.execute(close)) {
            close.run(); // the workers are gone (pool closing): close here
        }
    }

    private void closeResource(Entry<T> e, DestroyReason reason) {
        try {
            factory.destroy(e.resource);
        } catch (Exception | LinkageError ex) {
            LOG.log(System.Logger.Level.DEBUG, () -> name + " - closing a " + noun + " failed: " + ex);
        } finally {
            releaseSlot(); // first: whoever sees the destroyed count also sees the capacity back
            destroyed.increment();
            listener.destroyed(reason);
            requestCreate();
        }
    }

    /** Gives up one idle entry so another key can use its capacity; true if one was taken. */
    boolean evictOneIdle() {
        for (Entry<T> e : entries) {
            if (e.state() == Entry.IDLE && e.idle2reserved()) {
                destroy(e, DestroyReason.MADE_ROOM);
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- housekeeping

    /**
     * One housekeeping pass at time {@code now}: retire, expire and validate idle entries, flag
     * old borrowed ones, report suspected leaks and refill. Returns the nanos until the next pass.
     */
    public long runMaintenance(long now) {
        tick(now);
        if (closed) {
            return TICK_NANOS;
        }
        long next = now + TICK_NANOS;
        int idleKept = 0;
        SpreadEviction spread = spreadEviction;
        if (spread != null && !spread.pending(now)) {
            spreadEviction = null; // this pass marks the last ones
        }
        for (Entry<T> e : entries) {
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
        requestCreate();
        return Math.max(MIN_HOUSEKEEPING_NANOS, next - now);
    }

    private long inspectBorrowed(Entry<T> e, long now) {
        e.lastUsedAt = now; // still in use: it is not idle, whatever its borrow time says
        if (now - e.retireAt >= 0 && e.evictOnReturn == null) {
            e.evictOnReturn = DestroyReason.MAX_LIFETIME;
        }
        HolderWatch<T> watch = holderWatch;
        if (watch != null) {
            watch.inspect(e, now);
        }
        if (leakThresholdNanos > 0 && !e.leakReported) {
            long heldFor = now - e.borrowedAt;
            if (heldFor >= leakThresholdNanos) {
                e.leakReported = true;
                HolderInfo<T> holder = holderInfo(e, now);
                if (holder != null && watch != null) {
                    watch.leakSuspected(holder);
                    listener.leakSuspected(holder);
                } else if (holder != null) {
                    LOG.log(System.Logger.Level.WARNING, () -> name + " - " + noun + " held for "
                            + Duration.ofNanos(heldFor).toMillis() + " ms by thread " + holder.threadName()
                            + ", longer than leakThreshold; borrowed at " + firstFrames(holder.borrowStack()));
                    listener.leakSuspected(holder);
                }
            } else {
                return e.borrowedAt + leakThresholdNanos;
            }
        }
        return e.retireAt;
    }

    /**
     * Handles one idle entry: retires, expires or validates it when due (reserving it only then,
     * so a pass with nothing to do never takes an entry away from borrowers). Returns its next due
     * time, or MIN_VALUE if it was destroyed or lent meanwhile.
     */
    private long maintainIdle(Entry<T> e, long now, int idleKeptSoFar) {
        boolean expendable = idleTimeoutNanos > 0 && idleKeptSoFar >= minIdle;
        DestroyReason reason = null;
        if (e.evictOnReturn != null) {
            reason = e.evictOnReturn;
        } else if (now - e.retireAt >= 0) {
            reason = DestroyReason.MAX_LIFETIME;
        } else if (expendable && now - e.lastUsedAt >= idleTimeoutNanos) {
            reason = DestroyReason.IDLE_TIMEOUT;
        }
        boolean keepaliveDue = reason == null && now - e.nextKeepaliveAt >= 0;
        if (reason == null && !keepaliveDue) {
            long due = Math.min(e.retireAt, e.nextKeepaliveAt);
            return expendable ? Math.min(due, e.lastUsedAt + idleTimeoutNanos) : due;
        }
        if (!e.idle2reserved()) {
            return Long.MIN_VALUE; // a borrower took it first
        }
        if (keepaliveDue) {
            if (isValid(e, validationTimeout)) {
                e.lastAliveAt = now;
                e.nextKeepaliveAt = nextKeepalive(now);
                offer(e);
                return e.nextKeepaliveAt;
            }
            reason = DestroyReason.VALIDATION_FAILED;
        }
        destroy(e, reason);
        return Long.MIN_VALUE;
    }

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

    /**
     * Evicts every entry open now, each at its own time within {@code spread} (idle ones when their
     * time comes, borrowed ones on the first return after it), so the pool reopens a few at a time
     * while the rest keep serving. Entries created from now on are kept. A later call replaces an
     * earlier one still under way.
     */
    public void evictAllWithin(Duration spread) {
        spreadEviction = new SpreadEviction(ticker.nanoTime(), spread);
    }

    /** Marks every entry for eviction: idle ones go now, borrowed ones on return. */
    public void softEvictAll() {
        for (Entry<T> e : entries) {
            e.evictOnReturn = DestroyReason.EVICTED;
            if (e.state() == Entry.IDLE && e.idle2reserved()) {
                destroy(e, DestroyReason.EVICTED);
            }
        }
        requestCreate();
    }

    /**
     * Marks the entries whose resource {@code which} matches for eviction: idle ones go now,
     * borrowed ones on return (the JDBC layer evicts the connections to a lost host this way).
     */
    public void softEvict(Predicate<? super T> which) {
        for (Entry<T> e : entries) {
            if (e.state() != Entry.REMOVED && which.test(e.resource)) {
                e.evictOnReturn = DestroyReason.EVICTED;
                if (e.state() == Entry.IDLE && e.idle2reserved()) {
                    destroy(e, DestroyReason.EVICTED);
                }
            }
        }
        requestCreate();
    }

    // ---------------------------------------------------------------- closing

    /**
     * Stops lending: every waiter fails with "pool is closed", idle entries are destroyed. A second
     * call does nothing new (the JDBC layer calls it before it logs the drain, the pool's close again).
     */
    public void beginClose() {
        closed = true;
        setGate(GATE_CLOSED, true);
        suspension.wakeAll();
        rejectAllWaiters(new PoolClosedException(name));
        for (Entry<T> e : entries) {
            if (e.state() == Entry.IDLE && e.idle2reserved()) {
                destroy(e, DestroyReason.POOL_CLOSED);
            }
        }
    }

    /** True once every resource is closed and no creation is under way. */
    boolean isDrained() {
        return allocated.get() == 0;
    }

    /**
     * Destroys what borrowers did not bring back before the drain deadline. Each entry still
     * borrowed is shown to {@code revoked} first, on this thread and before its resource is closed,
     * so that the layer above can tell the holder why its resource stopped working, and report it.
     * An entry given back in the same instant may be shown too.
     */
    void destroyRemaining(Consumer<HolderInfo<T>> revoked) {
        long now = ticker.nanoTime();
        for (Entry<T> e : entries) {
            if (e.state() == Entry.BORROWED) {
                revoked.accept(new HolderInfo<>(e.resource, e.holder, Duration.ofNanos(Math.max(0, now - e.borrowedAt)),
                        Duration.ofNanos(Math.max(0, now - e.lastActivityAt)), e.borrowStack));
            }
            destroy(e, DestroyReason.POOL_CLOSED);
        }
    }

    // ---------------------------------------------------------------- retiring (keyed pools)

    /**
     * Whether nothing is open, being created, destroyed or waited for. A sub-pool with
     * {@code minIdle > 0} is never unused for long: it refills.
     */
    boolean isUnused() {
        return waiting.get() == 0 && allocated.get() == 0 && creating.get() == 0 && entries.length == 0
                && minIdle == 0;
    }

    /**
     * Retires this sub-pool if it is unused, for good: true if so. Writes {@code retired} before
     * reading the waiting count, while a borrower raises the count before reading {@code retired}
     * ({@link #enqueue}): one of the two sees the other, so either the retirement is undone or the
     * borrower is turned away (and asks the keyed pool again). Nothing is created once retired.
     */
    boolean tryRetire() {
        if (closed) {
            return false;
        }
        retired = true;
        if (isUnused()) {
            return true;
        }
        retired = false;
        return false;
    }

    /** Thrown to a borrower that queued on a retired sub-pool; the keyed pool retries. No stack: it is expected. */
    public static final class Retired extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Retired INSTANCE = new Retired();

        private Retired() {
            super("sub-pool retired", null, false, false);
        }
    }

    // ---------------------------------------------------------------- observing

    // ---------------------------------------------------------------- suspending, resizing, listening

    /**
     * A borrow while the gate is up: the pool is closed, suspended, or a listener wants timings.
     * Suspended: wait for the resume, within the borrower's deadline. Timed: count the borrow,
     * read the clock after it and mark the entry, so its return reports the use time
     * ({@link #reportUse}); a borrow the fast path serves reports a wait of 0 and reads the clock
     * once, a waiting one is measured from its start. Sampled: a borrow the fast path serves is
     * counted, reports nothing and is timed only if it is the sample ({@link TimedUse}); the others
     * as timed. {@code start} is when the borrow began, or 0 when not read yet.
     */
    private Entry<T> borrowGated(long start, long timeoutNanos) throws InterruptedException {
        boolean waited = false;
        if (start == 0) {
            int g = gate;
            if ((g == GATE_TIMED || g == GATE_SAMPLED) && oldWaiters.get() == 0) {
                Entry<T> e = claimIdle();
                long now = coarseNanos;
                if (e != null && lendFresh(e, now)) {
                    if (g == GATE_SAMPLED) {
                        e.timing.lentSampled(e, now);
                        return e;
                    }
                    return lentTimed(e, AT_ONCE);
                }
                start = System.nanoTime();
                if (e != null) {
                    try {
                        return lentTimed(awaitEntry(timeoutNanos, e), start); // to validate or retire it
                    } catch (Suspended s) {
                        waited = true; // suspended while it waited: wait for the resume below
                    }
                }
            } else {
                start = System.nanoTime();
            }
        }
        long deadline = start + timeoutNanos;
        for (;;) {
            int g = gate;
            if ((g & GATE_CLOSED) != 0) {
                throw new PoolClosedException(name);
            }
            if ((g & GATE_SUSPENDED) != 0) {
                if (!suspension.awaitResumed(deadline, () -> closed) && !closed) {
                    throw suspendedTimeout(timeoutNanos);
                }
                waited = true;
                continue;
            }
            Entry<T> e;
            try {
                // What is left after waiting for a resume; else the whole timeout, which its message names.
                e = borrowNow(waited ? Math.max(1, deadline - System.nanoTime()) : timeoutNanos);
            } catch (Suspended s) {
                waited = true;
                continue; // suspended while it waited: wait for the resume
            }
            return lentTimed(e, start);
        }
    }

    /** A {@code start} for {@link #lentTimed}: taken at once by the fast path, a wait of 0. */
    private static final long AT_ONCE = Long.MIN_VALUE;

    /** While timed or sampled: counts the borrow, marks the lend time, for the use time, and reports the wait since {@code start}. */
    private Entry<T> lentTimed(Entry<T> e, long start) {
        if ((gate & (GATE_TIMED | GATE_SAMPLED)) != 0) {
            long now = e.timing.lentTimed(e, coarseNanos);
            listener.acquired(start == AT_ONCE ? 0 : now - start);
        }
        return e;
    }

    private PoolTimeoutException suspendedTimeout(long timeoutNanos) {
        PoolStats stats = stats();
        timeouts.increment();
        listener.timedOut(stats);
        long millis = Duration.ofNanos(timeoutNanos).toMillis();
        return new PoolTimeoutException(name + " - no " + noun + " available within " + millis
                + " ms: the pool is suspended (" + stats.counts() + ")", null, stats, millis);
    }

    private void setGate(int bit, boolean on) {
        synchronized (gateLock) {
            gate = on ? gate | bit : gate & ~bit;
        }
    }

    /**
     * The listener hub: whether some listener wants timings (borrows then take the gated path), and
     * whether every such listener takes them sampled. The new bit is set before the old one is
     * cleared, so a borrow in between is counted either way.
     */
    void timingsWanted(boolean wanted, boolean sampled) {
        if (wanted) {
            setGate(sampled ? GATE_SAMPLED : GATE_TIMED, true);
        }
        setGate(GATE_TIMED, wanted && !sampled);
        setGate(GATE_SAMPLED, wanted && sampled);
    }

    /** The listeners of this sub-pool (shared by the sub-pools of a keyed pool). */
    public ListenerHub listeners() {
        return listener;
    }

    /**
     * Stops lending: new borrowers, and those waiting now, wait (within their acquire timeout)
     * until {@link #resume()}. Borrows already past the gate may still complete. Returns, creations
     * and housekeeping go on.
     */
    public void suspend() {
        suspension.set(true); // first: enqueue() reads it after queueing
        setGate(GATE_SUSPENDED, true);
        rejectAllWaiters(Suspended.MARK);
    }

    /** Lends again; the borrowers waiting for the resume compete as new borrowers. */
    public void resume() {
        setGate(GATE_SUSPENDED, false); // first: a woken borrower must find the gate open
        suspension.set(false);
        requestCreate();
    }

    public boolean isSuspended() {
        return suspension.isOn();
    }

    public int maxSize() {
        return maxSize;
    }

    public int minIdle() {
        return minIdle;
    }

    /**
     * Changes the most entries open at once (validated by the caller). Lowering it destroys idle
     * entries over the new limit now and marks borrowed ones to be destroyed on return
     * ({@link DestroyReason#SHRUNK}); raising it creates for the waiters at once.
     */
    public void setMaxSize(int max) {
        maxSize = max;
        int surplus = allocated.get() - max;
        for (Entry<T> e : entries) {
            if (surplus <= 0) {
                break;
            }
            if (e.state() == Entry.IDLE && e.idle2reserved()) {
                destroy(e, DestroyReason.SHRUNK);
                surplus--;
            }
        }
        for (Entry<T> e : entries) {
            if (surplus <= 0) {
                break;
            }
            if (e.state() == Entry.BORROWED && e.evictOnReturn == null) {
                e.evictOnReturn = DestroyReason.SHRUNK;
                surplus--;
            }
        }
        requestCreate();
    }

    /** Changes how many idle entries are kept ready (validated by the caller); housekeeping closes the rest. */
    public void setMinIdle(int min) {
        minIdle = min;
        requestCreate();
    }

    public PoolStats stats() {
        int idle = 0;
        int active = 0;
        for (Entry<T> e : entries) {
            int s = e.state();
            if (s == Entry.IDLE) {
                idle++;
            } else if (s != Entry.REMOVED) {
                active++;
            }
        }
        return new PoolStats(idle + active, active, idle, waiting.get() + suspension.waiting(), creating.get(),
                created.sum(), destroyed.sum(), createFailures.total(), timeouts.sum(), rejected.sum(),
                createFailures.lastText());
    }

    public List<HolderInfo<T>> holders() {
        long now = ticker.nanoTime();
        List<HolderInfo<T>> result = new ArrayList<>();
        for (Entry<T> e : entries) {
            if (e.state() == Entry.BORROWED) {
                HolderInfo<T> h = holderInfo(e, now);
                if (h != null) {
                    result.add(h);
                }
            }
        }
        return result;
    }

    HolderInfo<T> holderInfo(Entry<T> e, long now) {
        Thread holder = e.holder;
        if (holder == null) {
            return null; // between borrow and lend, or just returned
        }
        return new HolderInfo<>(e.resource, holder, Duration.ofNanos(Math.max(0, now - e.borrowedAt)),
                Duration.ofNanos(Math.max(0, now - e.lastActivityAt)), e.borrowStack);
    }

    /** The last creation failure, cleared by the next success. */
    public Throwable lastCreateFailure() {
        return createFailures.last();
    }

    int waitingCount() {
        return waiting.get();
    }

    @Override
    public String toString() {
        return name + " (" + stats().counts() + ")";
    }
}
