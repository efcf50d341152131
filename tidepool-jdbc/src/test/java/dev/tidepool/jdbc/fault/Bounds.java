package dev.tidepool.jdbc.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The bounds (issue 4), as assertions shared by the fault tests, and the load's pacing. */
final class Bounds {
    /** Slack for a loaded 2-core machine on top of the configured bounds; a real hang is far longer. */
    static final Duration SLACK = Duration.ofMillis(1500);
    /** No application call may block longer than acquireTimeout plus the query bound (plus slack). */
    static final Duration LONGEST_CALL = FaultDb.ACQUIRE_TIMEOUT.plus(FaultDb.QUERY_BOUND).plus(SLACK);
    /** A worker must finish its operation and stop within this after being told to. */
    static final Duration STOP = LONGEST_CALL.multipliedBy(3);

    private Bounds() {
    }

    /** Lets the load run until {@code atNanos} (load time): the test's script, paced, not synchronisation. */
    static void runUntil(Load load, long atNanos) {
        for (long left = atNanos - load.now(); left > 0; left = atNanos - load.now()) {
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    static long seconds(double s) {
        return (long) (s * 1e9);
    }

    static void noThreadStuck(List<String> stuck) {
        assertTrue(stuck.isEmpty(), () -> "workers still running " + STOP.toMillis() + " ms after stop: " + stuck);
    }

    static void noCallLongerThanBound(Load load) {
        assertTrue(load.longestCallNanos() <= LONGEST_CALL.toNanos(), () -> "an application call blocked "
                + load.longestCall() + ", more than acquireTimeout + query bound + slack = " + LONGEST_CALL.toMillis() + " ms");
    }

    /** At most one failed operation per connection, and none on a connection after one already failed on it. */
    static void noDeadConnectionLentTwice(Load load) {
        Map<String, Long> perConnection = load.failures().stream().filter(f -> f.connection() != null)
                .collect(Collectors.groupingBy(Load.Failure::connection, Collectors.counting()));
        perConnection.values().removeIf(n -> n <= 1);
        assertEquals(Map.of(), perConnection, () -> "connections that failed more than once: " + load.failures());
        assertEquals(List.of(), load.lentAfterFailure(), "a connection was lent again after an operation on it failed");
    }

    static <T> String summary(List<T> items, Function<T, String> show) {
        return items.size() + (items.isEmpty() ? "" : " " + items.stream().limit(12).map(show).collect(Collectors.toList()));
    }
}
