package dev.tidepool.jdbc.fault;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples the pool's server-side sessions every 25 ms on its own thread and keeps the highest
 * count seen. A sample that fails (the server is restarting) is skipped and counted.
 */
final class SessionSampler implements AutoCloseable {
    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

    private final FaultDb db;
    private final Thread thread;
    private final CountDownLatch firstSample = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile int max;
    private volatile int samples;
    private volatile int failedSamples;

    SessionSampler(FaultDb db) throws InterruptedException {
        this.db = db;
        this.thread = new Thread(this::sample, "fault-sessions-" + db.tag);
        thread.setDaemon(true);
        thread.start();
        if (!firstSample.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no session sample within 10 s");
        }
    }

    private void sample() {
        while (running) {
            try {
                int n = db.sessions();
                if (n > max) {
                    max = n;
                }
                samples++;
            } catch (Exception e) {
                failedSamples++;
            }
            firstSample.countDown();
            LockSupport.parkNanos(PERIOD_NANOS); // the sampling period, not synchronisation
        }
    }

    int max() {
        return max;
    }

    int samples() {
        return samples;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(Duration.ofSeconds(10).toMillis());
    }

    @Override
    public String toString() {
        return "max " + max + " sessions in " + samples + " samples (" + failedSamples + " failed)";
    }
}
