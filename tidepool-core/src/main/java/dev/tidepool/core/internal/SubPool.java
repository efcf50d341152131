package dev.tidepool.core.internal;

import dev.tidepool.core.DestroyReason;
import dev.tidepool.core.HolderInfo;
import dev.tidepool.core.HolderWatch;
import dev.tidepool.core.PoolClosedException;
import dev.tidepool.core.PoolEngine;
import dev.tidepool.core.PoolSettings;
import dev.tidepool.core.PoolStats;
import dev.tidepool.core.PoolTimeoutException;
import dev.tidepool.core.ResourceFactory;
import dev.tidepool.core.Ticker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The engine of one pool (or of one key of a keyed pool): the borrow and the return, and the
 * parts they hand off to. Open the part named for the question:
 * <ul>
 *   <li>{@link EntryTable}: the entries and the lock-free claim of an idle one;</li>
 *   <li>{@link LendPolicy}: lend as is, validate first, or retire (lifetime, idle time,
 *       keepalive), asked by every path below;</li>
 *   <li>{@link WaitLine}: the waiters, fairness and the hand-off of returned entries;</li>
 *   <li>{@link Creator} and {@link Capacity}: creations, their back-off, the capacity slots;</li>
 *   <li>{@link Housekeeper}: the periodic pass (idle entries, holders, leaks, refill);</li>
 *   <li>{@link Entry}: the states an entry goes through.</li>
 * </ul>
 *
 * <h2>Borrowing</h2>
 * The fast path runs while no waiter is old ({@link WaitLine}): it claims an idle entry with one
 * CAS ({@link EntryTable#claimIdle}) and lends it when {@link LendPolicy#lendsAsIs} says it needs
 * nothing. No lock, no allocation, no clock read. Anything else is the wait line's
 * ({@link WaitLine#awaitEntry}), which lends through {@link #lendNow}.
 *
 * <h2>Creating and destroying</h2>
 * Resources are created ({@link Creator}) and destroyed ({@link #destroy}) on the pool's worker
 * threads, never on a borrower's (once the pool's threads have stopped, a close still under way
 * closes what is left on the closing thread); a capacity slot is freed only once its resource is
 * closed.
 *
 * <h2>Time</h2>
 * Reading the clock costs 20-60 ns on a virtual machine, as much as the rest of a borrow, so the
 * hot path reads none. It reads {@link #coarseNanos} instead: the injectable {@link Ticker}'s
 * value as of the last housekeeping tick (every {@link #TICK_NANOS} at most), slow-path borrow or
 * creation. Every time-based decision (lifetimes, idle time, "validate if idle over 500 ms",
 * holder times) tolerates that resolution. Waiting itself uses real time, since threads park in
 * real time. The return path writes no time: the idle time of an entry is measured from its last
 * borrow or the last tick that saw it borrowed, which can only overstate idleness.
 *
 * <p>Why this class is over 400 lines: it keeps what the borrow and return paths touch (the
 * gate, the coarse clock, the lend itself) in one object, so the fast path is a few field reads,
 * and it is the face the pools above call: each of its operations on the whole pool (close,
 * evict, resize, suspend, retire, stats) is a few lines that hand over to the part deciding it.
 */
public final class SubPool<T> extends PoolEngine<T> {
    private static final System.Logger LOG = System.getLogger("dev.tidepool.core");
    /** Longest gap between housekeeping passes, and so the resolution of {@link #coarseNanos}. */
    static final long TICK_NANOS = Duration.ofMillis(250).toNanos();
    /** How far behind the coarse clock may be before a slow-path borrow refreshes it. */
    static final long STALE_TICK_NANOS = Duration.ofMillis(1).toNanos();
    /** The shortest validation a borrower whose deadline has (nearly) passed is given. */
    static final long MIN_VALIDATION_NANOS = Duration.ofMillis(1).toNanos();

    final String name;
    final Ticker ticker;
    final String noun;
    private final ResourceFactory<T> factory;
    /** Every listener of the pool: those of the settings and those attached later. */
    private final ListenerHub listener;
    private final PoolThreads threads;
    /** Mutable at runtime ({@link #setMinIdle}); read off the borrow path only. */
    private volatile int minIdle;
    final Duration validationTimeout;
    private final long validationTimeoutNanos;
    private final long leakThresholdNanos;

    /**
     * The entries now, replaced (never changed in place) by {@link EntryTable}, the one writer. Here
     * rather than in the table so the fast path reaches it with one load (see EntryTable).
     */
    volatile Entry<T>[] entries = EntryTable.none();
    private final EntryTable<T> table = new EntryTable<>(this);
    private final LendPolicy policy;
    private final WaitLine<T> line;
    /** The wait line's count of old waiters, read by every fast-path borrow (one load fewer than through line). */
    private final AtomicInteger oldWaiters;
    private final Capacity capacity;
    private final Creator<T> creator;
    private final Housekeeper<T> housekeeper;
    private final BorrowFailures failures;
    private final Eviction<T> eviction = new Eviction<>(this, table);
    private final LongAdder destroyed = new LongAdder();
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
    /**
     * Why a borrow may not take the fast path as it is: {@link #GATE_CLOSED}, {@link #GATE_SUSPENDED},
     * {@link #GATE_TIMED}, {@link #GATE_SAMPLED}. Zero in the common case, so the fast path pays one
     * field read for all of them, as it paid one for {@code closed} before (see {@link GatedBorrow}).
     * Written under gateLock.
     */
    private volatile int gate;
    static final int GATE_CLOSED = 1;
    static final int GATE_SUSPENDED = 1 << 1;
    static final int GATE_TIMED = 1 << 2;
    /** Timings wanted, and every listener that wants them takes them sampled ({@link TimedUse}). */
    static final int GATE_SAMPLED = 1 << 3;
    private final Object gateLock = new Object();
    private final Suspension suspension = new Suspension();
    private final GatedBorrow<T> gated;

    SubPool(PoolSettings settings, String noun, ResourceFactory<T> factory, PoolThreads threads,
            SharedLimit sharedLimit, Predicate<SubPool<T>> roomMaker) {
        this.name = settings.name();
        this.noun = noun;
        this.ticker = settings.ticker();
        this.factory = factory;
        this.listener = ListenerHub.of(settings.listener());
        this.failures = new BorrowFailures(name, noun, listener);
        this.threads = threads;
        this.minIdle = settings.minIdle();
        this.validationTimeout = settings.validationTimeout();
        this.validationTimeoutNanos = validationTimeout.toNanos();
        this.leakThresholdNanos = settings.leakThreshold().toNanos();
        this.policy = new LendPolicy(settings);
        this.line = new WaitLine<>(this, table, settings.maxWaiters());
        this.oldWaiters = line.oldWaiters;
        this.capacity = new Capacity(settings.maxSize(), sharedLimit);
        this.creator = new Creator<>(this, table, line, capacity, policy, factory, threads, roomMaker);
        this.housekeeper = new Housekeeper<>(this, table, line, policy, leakThresholdNanos);
        this.gated = new GatedBorrow<>(this, line, suspension, listener);
        this.coarseNanos = ticker.nanoTime();
        listener.subscribe(this);
    }

    /** Waiters now served in order (past the grace); for tests. */
    int oldWaiterCount() {
        return line.oldWaiterCount();
    }

    /** Installs the layer above's watch over borrowed entries (one per pool; null removes it). */
    public void watchHolders(HolderWatch<T> watch) {
        housekeeper.watchHolders(watch);
    }

    /** The coarse clock: a field read instead of a clock read. */
    long coarseNanos() {
        return coarseNanos;
    }

    /** Moves the coarse clock forward to a fresh reading (never back). */
    long tick(long now) {
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
    @Override
    public Entry<T> borrow(long timeoutNanos) throws InterruptedException {
        if (gate != 0) {
            return gated.borrow(0, timeoutNanos);
        }
        try {
            return borrowNow(timeoutNanos);
        } catch (Suspended s) {
            return gated.borrow(s.start, s.timeoutNanos); // it queued as the pool was suspended
        }
    }

    /** The borrow itself: the fast path, else the wait line. */
    Entry<T> borrowNow(long timeoutNanos) throws InterruptedException {
        if (oldWaiters.get() == 0) {
            Entry<T> e = EntryTable.claimIdle(entries);
            if (e != null) {
                if (lendFresh(e, coarseNanos)) {
                    return e;
                }
                return line.awaitEntry(timeoutNanos, e); // to validate or retire it, under the deadline
            }
        }
        return line.awaitEntry(timeoutNanos, null);
    }

    /**
     * The fast path's lend: records the holder of a claimed entry that needs neither retiring nor
     * validating. False, with the entry still claimed and untouched, when it needs either: the
     * caller then lends it through {@link #lendNow}, under its deadline.
     */
    boolean lendFresh(Entry<T> e, long now) {
        if (!LendPolicy.lendsAsIs(e, now)) {
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
    boolean lendNow(Entry<T> e, long deadline) {
        long now = tickIfStale(ticker.nanoTime());
        DestroyReason retirement = LendPolicy.retirement(e, now);
        if (retirement != null) {
            destroy(e, retirement);
            return false;
        }
        if (LendPolicy.needsValidation(e, now) && !isValid(e, validationBudget(deadline))) {
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

    boolean isValid(Entry<T> e, Duration timeout) {
        try {
            return factory.validate(e.resource, timeout);
        } catch (Exception | LinkageError ex) {
            LOG.log(System.Logger.Level.DEBUG, () -> name + " - validation failed: " + ex);
            return false;
        }
    }

    /**
     * Why a borrower who just queued may not wait: the pool is closed, retired, suspended, or
     * creation failed for good; null when it may. Read after the waiter was counted (see
     * {@link WaitLine}): {@link #tryRetire} writes {@code retired} before reading the count,
     * {@link #suspend} writes its flag before it rejects the queue.
     */
    RuntimeException refusal() {
        if (closed) {
            return new PoolClosedException(name);
        }
        if (retired) {
            return Retired.INSTANCE;
        }
        if (suspension.isOn()) {
            return Suspended.MARK;
        }
        return creator.refusal();
    }

    /** How a borrow that gets nothing ends ({@link BorrowFailures}): counted and heard by the listeners. */
    BorrowFailures failures() {
        return failures;
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
        DestroyReason gone = LendPolicy.onReturn(e, closed);
        if (gone != null) {
            destroy(e, gone);
            return;
        }
        // In use until now, so alive as of now: a borrow right after a long hold needs no validation.
        e.lastAliveAt = coarseNanos;
        line.offer(e);
    }

    void invalidate(Entry<T> e, DestroyReason reason) {
        reportUse(e);
        runReturnHook(e);
        e.holder = null;
        e.borrowStack = null;
        destroy(e, reason);
    }

    /** A borrow counted for the listeners ({@link GatedBorrow}) is counted back, maybe timed: one plain field read otherwise. */
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

    // ---------------------------------------------------------------- creating and destroying

    /** Starts creations while there is demand and capacity ({@link Creator}). */
    void requestCreate() {
        creator.requestCreate();
    }

    /** Whether creations may add entries: neither closed nor retired. */
    boolean acceptsNewEntries() {
        return !closed && !retired;
    }

    boolean isClosed() {
        return closed;
    }

    /** Destroys an owned entry on a worker thread; its capacity slot is freed once it is closed. */
    void destroy(Entry<T> e, DestroyReason reason) {
        e.toRemoved();
        if (!table.remove(e)) {
            return; // already destroyed
        }
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
            capacity.release(); // first: whoever sees the destroyed count also sees the capacity back
            destroyed.increment();
            listener.destroyed(reason);
            requestCreate();
        }
    }

    /** Gives up one idle entry so another key can use its capacity; true if one was taken. */
    boolean evictOneIdle() {
        return eviction.evictOneIdle();
    }

    // ---------------------------------------------------------------- housekeeping and eviction

    /**
     * One housekeeping pass at time {@code now} ({@link Housekeeper}). Returns the nanos until the
     * next pass.
     */
    public long runMaintenance(long now) {
        return housekeeper.runMaintenance(now);
    }

    /**
     * Evicts every entry open now, each at its own time within {@code spread} (idle ones when their
     * time comes, borrowed ones on the first return after it), so the pool reopens a few at a time
     * while the rest keep serving. Entries created from now on are kept. A later call replaces an
     * earlier one still under way.
     */
    public void evictAllWithin(Duration spread) {
        housekeeper.evictAllWithin(new SpreadEviction(ticker.nanoTime(), spread));
    }

    /** Marks every entry for eviction: idle ones go now, borrowed ones on return. */
    public void softEvictAll() {
        softEvict(resource -> true);
    }

    /**
     * Marks the entries whose resource {@code which} matches for eviction: idle ones go now,
     * borrowed ones on return (the JDBC layer evicts the connections to a lost host this way).
     */
    @Override
    public void softEvict(Predicate<? super T> which) {
        eviction.softEvict(which);
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
        line.rejectAll(new PoolClosedException(name));
        eviction.destroyIdle();
    }

    /** True once every resource is closed and no creation is under way. */
    boolean isDrained() {
        return capacity.allocated() == 0;
    }

    /**
     * Destroys what borrowers did not bring back before the drain deadline. Each entry still
     * borrowed is shown to {@code revoked} first, on this thread and before its resource is closed,
     * so that the layer above can tell the holder why its resource stopped working, and report it.
     * An entry given back in the same instant may be shown too.
     */
    void destroyRemaining(Consumer<HolderInfo<T>> revoked) {
        eviction.destroyRemaining(revoked, ticker.nanoTime());
    }

    // ---------------------------------------------------------------- retiring (keyed pools)

    /**
     * Whether nothing is open, being created, destroyed or waited for. A sub-pool with
     * {@code minIdle > 0} is never unused for long: it refills.
     */
    boolean isUnused() {
        return line.waiting() == 0 && capacity.allocated() == 0 && creator.creating() == 0 && table.size() == 0
                && minIdle == 0;
    }

    /**
     * Retires this sub-pool if it is unused, for good: true if so. Writes {@code retired} before
     * reading the waiting count, while a borrower raises the count before reading {@code retired}
     * ({@link #refusal}): one of the two sees the other, so either the retirement is undone or the
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

    // ---------------------------------------------------------------- suspending, resizing, listening

    /** Why borrows take the gated path now; 0: they do not. */
    int gate() {
        return gate;
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
        suspension.set(true); // first: refusal() reads it after queueing
        setGate(GATE_SUSPENDED, true);
        line.rejectAll(Suspended.MARK);
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
        return capacity.maxSize();
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
        capacity.setMaxSize(max);
        eviction.shrinkBy(capacity.allocated() - max);
        requestCreate();
    }

    /** Changes how many idle entries are kept ready (validated by the caller); housekeeping closes the rest. */
    public void setMinIdle(int min) {
        minIdle = min;
        requestCreate();
    }

    // ---------------------------------------------------------------- observing

    @Override
    public PoolStats stats() {
        int idle = 0;
        int active = 0;
        for (Entry<T> e : table.all()) {
            int s = e.state();
            if (s == Entry.IDLE) {
                idle++;
            } else if (s != Entry.REMOVED) {
                active++;
            }
        }
        CreateFailures createFailures = creator.failures();
        return new PoolStats(idle + active, active, idle, line.waiting() + suspension.waiting(), creator.creating(),
                creator.created(), destroyed.sum(), createFailures.total(), failures.timeouts(), failures.rejected(),
                createFailures.lastText());
    }

    @Override
    public List<HolderInfo<T>> holders() {
        long now = ticker.nanoTime();
        List<HolderInfo<T>> result = new ArrayList<>();
        for (Entry<T> e : table.all()) {
            if (e.state() == Entry.BORROWED) {
                HolderInfo<T> h = e.holderInfo(now);
                if (h != null) {
                    result.add(h);
                }
            }
        }
        return result;
    }

    /** The last creation failure, cleared by the next success. */
    @Override
    public Throwable lastCreateFailure() {
        return creator.failures().last();
    }

    int waitingCount() {
        return line.waiting();
    }

    @Override
    public String toString() {
        return name + " (" + stats().counts() + ")";
    }
}
