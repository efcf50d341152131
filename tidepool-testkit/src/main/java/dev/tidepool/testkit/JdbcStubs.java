package dev.tidepool.testkit;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.util.concurrent.locks.LockSupport;

/** Small shared helpers of the stub driver: errors with the right SQLState, and simulated latency. */
final class JdbcStubs {

    /** SQLState of a connection that broke while in use (PostgreSQL's and the standard's class 08). */
    static final String CONNECTION_FAILURE = "08006";
    /** SQLState of a call on a connection the application already closed. */
    static final String CONNECTION_DOES_NOT_EXIST = "08003";

    private JdbcStubs() {
    }

    static SQLFeatureNotSupportedException unsupported(String what) {
        return new SQLFeatureNotSupportedException(what + " is not supported by the stub driver;"
                + " implement it in your own *Defaults mock", "0A000");
    }

    static SQLException closed(String what) {
        return new SQLNonTransientConnectionException(what + " is closed", CONNECTION_DOES_NOT_EXIST);
    }

    static SQLException killed() {
        return new SQLNonTransientConnectionException(
                "stub connection was killed (simulated broken network or server restart)", CONNECTION_FAILURE);
    }

    /**
     * Simulates work that takes {@code latencyNanos}, giving up after {@code timeoutNanos} when that is
     * positive and shorter. Returns true when the timeout cut the wait short. This is simulated latency,
     * not synchronisation: nothing else waits for it.
     */
    static boolean simulateLatency(long latencyNanos, long timeoutNanos) throws SQLException {
        if (latencyNanos <= 0) {
            return false;
        }
        boolean timedOut = timeoutNanos > 0 && timeoutNanos < latencyNanos;
        long deadline = System.nanoTime() + (timedOut ? timeoutNanos : latencyNanos);
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while the stub driver simulated latency", CONNECTION_FAILURE);
            }
        }
        return timedOut;
    }
}
