package dev.tidepool.jdbc.fault;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Bounded polling for state that settles on another process's time (the server ending a
 * session, the pool's housekeeping acting on a real clock). Returns whether it settled; the caller
 * asserts, so a failure reports the state it saw. Shared by the fault and cluster tests.
 */
public final class Poll {
    private Poll() {
    }

    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    public static boolean until(Duration bound, Condition condition) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return true;
    }
}
