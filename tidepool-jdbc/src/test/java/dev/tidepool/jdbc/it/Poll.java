package dev.tidepool.jdbc.it;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;

/**
 * Bounded polling for state that another process (the database server) settles on its own time,
 * such as a backend exiting after its client closed the socket. Never used to wait for our own
 * threads: those hand over through latches.
 */
final class Poll {

    /** Between two probes of the server; short, since every probe is a cheap local query. */
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    interface IntProbe {
        int read() throws Exception;
    }

    private Poll() {
    }

    /**
     * Reads {@code probe} until its value satisfies {@code done} or {@code bound} has passed, and
     * returns the last value read (so the caller's assertion reports it).
     */
    static int until(Duration bound, IntProbe probe, IntPredicate done) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        int value = probe.read();
        while (!done.test(value) && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(PAUSE_NANOS);
            value = probe.read();
        }
        return value;
    }
}
