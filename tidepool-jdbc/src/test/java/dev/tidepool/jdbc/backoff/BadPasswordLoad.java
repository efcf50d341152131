package dev.tidepool.jdbc.backoff;

import dev.tidepool.jdbc.TidepoolDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Several threads call {@code getConnection()} on a pool that cannot log in, as fast as they can,
 * for a fixed time; counts the pool's connect attempts (failed creations in {@code stats()}) and
 * times every call.
 */
final class BadPasswordLoad {

    /** What one run saw. */
    record Result(int calls, long attempts, Duration length, long[] callNanos, List<String> unexpected) {

        double attemptsPerSecond() {
            return attempts / (length.toNanos() / 1e9);
        }

        long slowestCallMillis() {
            return callNanos.length == 0 ? 0 : callNanos[callNanos.length - 1] / 1_000_000;
        }

        double medianCallMillis() {
            return callNanos.length == 0 ? 0 : callNanos[callNanos.length / 2] / 1e6;
        }

        @Override
        public String toString() {
            return String.format("%d getConnection() calls, %d connect attempts in %.1f s = %.1f attempts/s;"
                            + " call median %.2f ms, slowest %d ms", calls, attempts,
                    length.toNanos() / 1e9, attemptsPerSecond(), medianCallMillis(), slowestCallMillis());
        }
    }

    private BadPasswordLoad() {
    }

    /**
     * Runs {@code threads} callers for {@code length}. A call that returns a connection, or fails
     * without {@code expectedClass} in its message, is listed in {@link Result#unexpected()}.
     */
    static Result run(TidepoolDataSource ds, int threads, Duration length, String expectedClass)
            throws InterruptedException {
        ConcurrentLinkedQueue<Long> times = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        long attemptsBefore = ds.stats().createFailures();
        long[] window = new long[2];
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    long end = window[1];
                    while (System.nanoTime() - end < 0) {
                        long begin = System.nanoTime();
                        try (Connection c = ds.getConnection()) {
                            unexpected.add("a wrong password got a connection: " + c);
                        } catch (SQLException e) {
                            if (String.valueOf(e.getMessage()).indexOf(expectedClass) < 0 && unexpected.size() < 5) {
                                unexpected.add(e.toString());
                            }
                        }
                        times.add(System.nanoTime() - begin);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "bad-password-caller-" + i);
            t.setDaemon(true);
            callers.add(t);
            t.start();
        }
        window[0] = System.nanoTime();
        window[1] = window[0] + length.toNanos();
        start.countDown(); // publishes window to the callers
        if (!done.await(length.toMillis() + ds.config().acquireTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
            callers.forEach(Thread::interrupt);
            throw new AssertionError("callers still running long after the load ended");
        }
        long elapsed = System.nanoTime() - window[0];
        long attempts = ds.stats().createFailures() - attemptsBefore;
        long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(sorted.length, attempts, Duration.ofNanos(elapsed), sorted, new ArrayList<>(unexpected));
    }
}
