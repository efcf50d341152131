package dev.tidepool.core.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one pool: a housekeeper that runs maintenance and delayed retries, and a few
 * workers that create and destroy resources, so borrowers never do either. All are daemon threads
 * named after the pool, and all stop on {@link #shutdown(long)}.
 */
final class PoolThreads {
    /** Workers: up to {@link CreateAttempts#MAX_PROBES} creations under way plus one destruction. */
    static final int WORKERS = CreateAttempts.MAX_PROBES + 1;

    private final ScheduledThreadPoolExecutor housekeeper;
    private final ThreadPoolExecutor workers;

    PoolThreads(String poolName) {
        housekeeper = new ScheduledThreadPoolExecutor(1, factory(poolName + "-housekeeper"));
        housekeeper.setRemoveOnCancelPolicy(true);
        housekeeper.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        workers = new ThreadPoolExecutor(WORKERS, WORKERS, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory(poolName + "-worker"));
        workers.allowCoreThreadTimeOut(true);
    }

    private static ThreadFactory factory(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Runs {@code task} on a worker; false once shut down. */
    boolean execute(Runnable task) {
        if (workers.isShutdown()) {
            return false;
        }
        try {
            workers.execute(task);
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return false;
        }
    }

    ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        if (housekeeper.isShutdown()) {
            return null;
        }
        try {
            return housekeeper.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return null;
        }
    }


    /** Stops both executors, waiting at most {@code boundNanos} for running tasks. */
    void shutdown(long boundNanos) {
        housekeeper.shutdownNow();
        workers.shutdown();
        try {
            long deadline = System.nanoTime() + boundNanos;
            if (!workers.awaitTermination(boundNanos, TimeUnit.NANOSECONDS)) {
                workers.shutdownNow();
            }
            housekeeper.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
