package dev.tidepool.jdbc.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * A load's worker threads: started together (daemons, so a stuck one cannot keep the test JVM
 * alive), and joined with a bound that names every worker still running, with its stack.
 */
final class Workers {
    private final List<Thread> threads = new ArrayList<>();

    private Workers() {
    }

    /** Starts {@code count} workers, worker {@code i} named {@code name(i)} running {@code body(i)}; returns once all run. */
    static Workers start(int count, IntFunction<String> name, IntFunction<Runnable> body) throws InterruptedException {
        Workers workers = new Workers();
        CountDownLatch started = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            Runnable work = body.apply(i);
            Thread t = new Thread(() -> {
                started.countDown();
                work.run();
            }, name.apply(i));
            t.setDaemon(true);
            workers.threads.add(t);
            t.start();
        }
        if (!started.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("workers did not start within 10 s");
        }
        return workers;
    }

    /** Waits at most {@code bound} for every worker to end; describes those still running, empty when none is. */
    List<String> join(Duration bound) throws InterruptedException {
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
