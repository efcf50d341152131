package dev.tidepool.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Bounded polling, for state that settles on someone else's time: a pool's own threads, a
 * database server ending a session, a housekeeping pass on a real clock. Every wait has a bound
 * and fails with what it waited for. Where a test waits for an event it can be told about, a
 * latch fed by a listener is better than a poll.
 */
public final class Poll {
    /** Between two looks: short, since every look is a cheap read. */
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private Poll() {
    }

    /** A condition that may need I/O to answer, such as a query to the server. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /**
     * A value read from somewhere, such as a count of server sessions. {@code E} is what reading
     * may throw: inferred from the lambda, so a probe that throws nothing checked (a thread list,
     * a stub's counter) leaves its caller without a {@code throws} clause.
     */
    @FunctionalInterface
    public interface Probe<T, E extends Exception> {
        T read() throws E;
    }

    /**
     * Waits until {@code condition} holds; an {@link AssertionError} naming {@code what} and the
     * bound when it has not within {@code bound}.
     */
    public static void until(String what, Duration bound, BooleanSupplier condition) {
        boolean held;
        try {
            held = within(bound, condition::getAsBoolean);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("a BooleanSupplier threw a checked exception", e); // only by sneaky throw
        }
        if (!held) {
            throw new AssertionError("timed out after " + bound.toMillis() + " ms waiting until " + what);
        }
    }

    /** Whether {@code condition} held within {@code bound}; the caller asserts, naming the state it saw. */
    public static boolean within(Duration bound, Condition condition) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(PAUSE_NANOS);
        }
        return true;
    }

    /**
     * Reads {@code probe} until its value satisfies {@code done} or {@code bound} has passed, and
     * returns the last value read, so that the caller's assertion reports it.
     */
    public static <T, E extends Exception> T until(Duration bound, Probe<T, E> probe, Predicate<? super T> done) throws E {
        long deadline = System.nanoTime() + bound.toNanos();
        T value = probe.read();
        while (!done.test(value) && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(PAUSE_NANOS);
            value = probe.read();
        }
        return value;
    }
}
