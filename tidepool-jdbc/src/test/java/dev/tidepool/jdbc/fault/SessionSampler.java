package dev.tidepool.jdbc.fault;

import dev.tidepool.testkit.FaultProxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples the pool's connections every 25 ms on its own thread and keeps the highest count seen:
 * the server's sessions ({@link #sessionsOf}), or the flows through the fault proxy
 * ({@link #flowsThrough}) where a reset leaves server backends that have not yet read it. A sample
 * that fails (the server is restarting) is skipped and counted.
 */
final class SessionSampler implements AutoCloseable {
    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

    /** One count of the pool's connections, as somebody outside the pool sees them. */
    @FunctionalInterface
    interface Count {
        int read() throws Exception;
    }

    private final Count count;
    private final String what;
    private final Thread thread;
    private final CountDownLatch firstSample = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile int max;
    private volatile int samples;
    private volatile int failedSamples;

    /** The pool's sessions on the server. */
    static SessionSampler sessionsOf(FaultDb db) throws InterruptedException {
        return new SessionSampler(db::sessions, "sessions", db.tag);
    }

    /**
     * The pool's connections through {@code proxy}: its flows end the moment it resets them, while
     * the server's backends end when they next read their socket, a few milliseconds later, and for
     * that moment the server counts the replacements beside them.
     */
    static SessionSampler flowsThrough(FaultProxy proxy, String tag) throws InterruptedException {
        return new SessionSampler(proxy::activeFlows, "proxy flows", tag);
    }

    private SessionSampler(Count count, String what, String tag) throws InterruptedException {
        this.count = count;
        this.what = what;
        this.thread = new Thread(this::sample, "fault-sessions-" + tag);
        thread.setDaemon(true);
        thread.start();
        if (!firstSample.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no session sample within 10 s");
        }
    }

    private void sample() {
        while (running) {
            try {
                int n = count.read();
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
        return "max " + max + " " + what + " in " + samples + " samples (" + failedSamples + " failed)";
    }
}
