package dev.tidepool.dashboard.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands each sampler update to the open event streams. The sampler builds one payload a second,
 * and only while a stream is open (building it takes the holders' stacks); each stream's
 * thread waits here, bounded, for the next one.
 */
public final class StreamHub {

    /** Streams open at once, at most: each holds one HTTP thread. */
    public static final int MAX_STREAMS = 8;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition published = lock.newCondition();
    private long sequence;
    private String payload;
    private int streams;
    private boolean closed;

    /** Registers a stream; false when {@link #MAX_STREAMS} are open or the hub is closed. */
    public boolean open() {
        lock.lock();
        try {
            if (closed || streams >= MAX_STREAMS) {
                return false;
            }
            streams++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    public void leave() {
        lock.lock();
        try {
            streams--;
            published.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean hasStreams() {
        lock.lock();
        try {
            return streams > 0;
        } finally {
            lock.unlock();
        }
    }

    public void publish(String json) {
        lock.lock();
        try {
            payload = json;
            sequence++;
            published.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The update after {@code seen} (a sequence), waiting at most {@code maxMillis}; null on timeout or close. */
    public Update next(long seen, long maxMillis) throws InterruptedException {
        long left = TimeUnit.MILLISECONDS.toNanos(maxMillis);
        lock.lock();
        try {
            while (!closed && sequence == seen) {
                if (left <= 0) {
                    return null;
                }
                left = published.awaitNanos(left);
            }
            return closed ? null : new Update(sequence, payload);
        } finally {
            lock.unlock();
        }
    }

    /** The sequence of the last update published. */
    public long sequence() {
        lock.lock();
        try {
            return sequence;
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every stream so it ends; waits at most {@code maxMillis} for them to leave. */
    public void close(long maxMillis) throws InterruptedException {
        long left = TimeUnit.MILLISECONDS.toNanos(maxMillis);
        lock.lock();
        try {
            closed = true;
            published.signalAll();
            while (streams > 0 && left > 0) {
                left = published.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** One update: its sequence number and JSON. */
    public record Update(long sequence, String json) {
    }
}
