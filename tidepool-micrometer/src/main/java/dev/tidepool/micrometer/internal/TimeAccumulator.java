package dev.tidepool.micrometer.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.LongSupplier;

/**
 * The count, total and maximum of one timing (nanoseconds) that many threads record at once: the
 * wait or use time of every borrow. A record is one or two atomic adds and a compare on the
 * calling thread's stripe, with no lock, no clock read and no allocation, which is what keeps
 * metrics cheap on the borrow path (Micrometer's {@code Timer.record} also reads the wall clock
 * for its decaying maximum). Reads (a scrape) sum the stripes.
 *
 * <p>Stripes are picked by a hash of the thread's id rather than one per thread, so a service
 * that starts a thread (or a virtual thread) per request does not grow a cell per thread; two
 * threads sharing a stripe contend only while both run on different cores at the same time.
 *
 * <p>The maximum is windowed like Micrometer's {@code TimeWindowMax} (its defaults: 2 minutes over
 * 3 slots): the longest single time recorded in the last 80 to 120 seconds. Writers never read the
 * clock: the reader rotates the slots when it looks ({@link #maxNanos()}), so a maximum that nobody
 * reads for longer than the window covers everything since the previous read.
 */
public final class TimeAccumulator {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    /** Longs per stripe: 128 bytes, so stripes never share a cache line (nor an adjacent-line prefetch pair). */
    private static final int STRIDE = 16;
    private static final int COUNT = 0;
    private static final int TOTAL = 1;
    private static final int MAX = 2;
    /** Slots of the windowed maximum, as Micrometer's default {@code bufferLength}. */
    static final int SLOTS = 3;
    /** Micrometer's default {@code distributionStatisticExpiry}, split into the slots. */
    static final long SLOT_NANOS = 120_000_000_000L / SLOTS;

    private final long[] cells;
    private final int mask;
    private final LongSupplier clock;
    /** The max slot writers update now; changed by the reader only, under this. */
    private volatile int slot;
    /** Guarded by this. */
    private long rotatedAt;

    /** An accumulator with stripes for this machine's processors, its window on {@link System#nanoTime()}. */
    public TimeAccumulator() {
        this(Runtime.getRuntime().availableProcessors(), System::nanoTime);
    }

    /** For tests: {@code processors} decides the stripes, {@code clock} moves the maximum's window. */
    TimeAccumulator(int processors, LongSupplier clock) {
        int stripes = Math.min(64, Math.max(4, Integer.highestOneBit(Math.max(1, processors * 4) - 1) << 1));
        this.mask = stripes - 1;
        this.cells = new long[(stripes + 1) * STRIDE]; // stripe 0 of the array left empty: it shares a line with the header
        this.clock = clock;
        this.rotatedAt = clock.getAsLong();
    }

    /** Records one time; 0 (a borrow served at once) costs one add. A negative time counts as 0. */
    public void record(long nanos) {
        int base = stripe();
        LONGS.getAndAdd(cells, base + COUNT, 1L);
        if (nanos > 0) {
            LONGS.getAndAdd(cells, base + TOTAL, nanos);
            int m = base + MAX + slot;
            long seen = (long) LONGS.getOpaque(cells, m);
            while (nanos > seen && !LONGS.weakCompareAndSet(cells, m, seen, nanos)) {
                seen = (long) LONGS.getOpaque(cells, m);
            }
        }
    }

    /**
     * Adds {@code nanos} times {@code weight} to the total without counting (the count is kept
     * elsewhere: the pool's {@code BorrowCounts}), and {@code nanos} to the maximum. For a sampled
     * time that stands for {@code weight} times; a negative time counts as 0.
     */
    public void add(long nanos, long weight) {
        if (nanos > 0 && weight > 0) {
            int base = stripe();
            LONGS.getAndAdd(cells, base + TOTAL, nanos * weight);
            int m = base + MAX + slot;
            long seen = (long) LONGS.getOpaque(cells, m);
            while (nanos > seen && !LONGS.weakCompareAndSet(cells, m, seen, nanos)) {
                seen = (long) LONGS.getOpaque(cells, m);
            }
        }
    }

    private int stripe() {
        // Fibonacci hashing spreads the sequential ids of a thread pool over the stripes.
        long h = Thread.currentThread().getId() * 0x9E3779B97F4A7C15L;
        return (((int) (h >>> 40) & mask) + 1) * STRIDE;
    }

    /** The times recorded so far. */
    public long count() {
        return sum(COUNT);
    }

    /** The sum of the times recorded so far, in nanoseconds. */
    public long totalNanos() {
        return sum(TOTAL);
    }

    private long sum(int field) {
        long sum = 0;
        for (int base = STRIDE; base < cells.length; base += STRIDE) {
            sum += (long) LONGS.getVolatile(cells, base + field);
        }
        return sum;
    }

    /** The longest single time in the window (see the class comment), in nanoseconds; 0 if none. */
    public synchronized long maxNanos() {
        rotate();
        long max = 0;
        for (int base = STRIDE; base < cells.length; base += STRIDE) {
            for (int s = 0; s < SLOTS; s++) {
                max = Math.max(max, (long) LONGS.getVolatile(cells, base + MAX + s));
            }
        }
        return max;
    }

    /**
     * Under this: for each slot length passed since the last rotation, clears the oldest slot and
     * makes it the one written. A writer that read the previous slot number still writes into a
     * slot inside the window. The slot written since the last read is never cleared by this
     * read, however long ago that was: writers do not know when they wrote, so clearing it could
     * hide a time recorded just now.
     */
    private void rotate() {
        long now = clock.getAsLong();
        long steps = (now - rotatedAt) / SLOT_NANOS;
        if (steps <= 0) {
            return;
        }
        int s = slot;
        for (long i = 0; i < Math.min(steps, SLOTS - 1); i++) {
            s = (s + 1) % SLOTS;
            for (int base = STRIDE; base < cells.length; base += STRIDE) {
                LONGS.setVolatile(cells, base + MAX + s, 0L);
            }
            slot = s;
        }
        rotatedAt += steps * SLOT_NANOS;
    }

    /** Stripes in use, for tests. */
    int stripes() {
        return mask + 1;
    }

    @Override
    public String toString() {
        return "TimeAccumulator{count=" + count() + ", totalNanos=" + totalNanos() + "}";
    }
}
