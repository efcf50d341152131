package dev.tidepool.testkit;

import dev.tidepool.core.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when a test moves it. Thread-safe.
 *
 * <p>It starts at a large arbitrary value rather than zero so that code which treats 0 as
 * "never happened", or compares {@code nanoTime} values with {@code <} instead of subtracting,
 * fails in tests. Start it near {@link Long#MAX_VALUE} with {@link #FakeTicker(long)} to prove
 * code survives the wrap-around that {@link System#nanoTime()} allows.
 */
public final class FakeTicker implements Ticker {

    /** Where a new ticker starts: about 146 years of nanoseconds, far from zero and from overflow. */
    public static final long DEFAULT_START = 1L << 62;

    private final AtomicLong nanos;

    public FakeTicker() {
        this(DEFAULT_START);
    }

    public FakeTicker(long startNanos) {
        this.nanos = new AtomicLong(startNanos);
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    /** Moves the clock forward and returns the new time. A negative duration is a mistake: clocks are monotonic. */
    public long advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a monotonic clock cannot go back: advance(" + duration + ")");
        }
        return nanos.addAndGet(duration.toNanos());
    }

    /** Sets the clock to an exact value, e.g. just below an overflow. */
    public void set(long nanoTime) {
        nanos.set(nanoTime);
    }

    @Override
    public String toString() {
        return "FakeTicker[" + nanos.get() + " ns]";
    }
}
