package dev.tidepool.jdbc.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * A load's worker threads and their run state: started together (daemons, so a stuck one cannot
 * keep the test JVM alive), run while {@link #running()}, held back while paused, and joined with
 * a bound that names every worker still running, with its stack. The load's clock starts with it.
 */
final class Workers {
    private final List<Thread> threads = new ArrayList<>();
    private final long start;
    private volatile boolean running = true;
    private volatile boolean paused;

    /** A run timed from {@code startNanos} (a {@link System#nanoTime()}, maybe shared with a fault runner). */
    Workers(long startNanos) {
        this.start = startNanos;
    }

    /** Nanos since the start. */
    long now() {
        return System.nanoTime() - start;
    }

    /** Whether workers go on; false once {@link #stop} was called. */
    boolean running() {
        return running;
    }

    /** Workers stop borrowing (finishing the operation under way) until {@link #resume()}. */
    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
    }

    /** For a worker's loop: while paused, waits a moment and says so (the loop then checks again). */
    boolean heldBack() {
        if (paused) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // pacing while paused, not synchronisation
            return true;
        }
        return false;
    }

    /**
     * Stops the workers and waits at most {@code bound} for them to end. Returns a description of
     * every worker still running (stuck) with its stack, empty when none is.
     */
    List<String> stop(Duration bound) throws InterruptedException {
        running = false;
        paused = false;
        return join(bound);
    }

    /** Starts {@code count} workers, worker {@code i} named {@code name(i)} running {@code body(i)}; returns once all run. */
    Workers start(int count, IntFunction<String> name, IntFunction<Runnable> body) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            Runnable work = body.apply(i);
            Thread t = new Thread(() -> {
                started.countDown();
                work.run();
            }, name.apply(i));
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        if (!started.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("workers did not start within 10 s");
        }
        return this;
    }

    private List<String> join(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        List<String> stuck = new ArrayList<>();
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (t.isAlive()) {
                stuck.add(t.getName() + " " + Arrays.stream(t.getStackTrace()).limit(12)
                        .map(String::valueOf).collect(Collectors.joining(" <- ")));
            }
        }
        return stuck;
    }
}
