package dev.tidepool.dashboard.internal;

import dev.tidepool.core.DestroyReason;
import dev.tidepool.jdbc.TidepoolListener;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the dashboard hears from a pool while it is attached: the wait of every borrow, the
 * time every connection was held, and why connections were closed. Each call is one or two
 * array increments, and the pool makes these calls only while a dashboard listens.
 */
public final class PoolRecorder implements TidepoolListener {

    private static final DestroyReason[] REASONS = DestroyReason.values();

    private final LatencyRecorder waits = new LatencyRecorder();
    private final LatencyRecorder uses = new LatencyRecorder();
    private final AtomicLongArray destroyed = new AtomicLongArray(REASONS.length);
    private volatile boolean usesHeard;

    @Override
    public void acquired(long waitNanos) {
        waits.record(waitNanos);
    }

    /** A connection came back after being held {@code useNanos}. */
    public void released(long useNanos) {
        uses.record(useNanos);
        if (!usesHeard) {
            usesHeard = true;
        }
    }

    @Override
    public void destroyed(DestroyReason reason) {
        destroyed.incrementAndGet(reason.ordinal());
    }

    LatencyRecorder waits() {
        return waits;
    }

    LatencyRecorder uses() {
        return uses;
    }

    /** Whether use times reach this recorder (the pool reports returns). */
    boolean usesHeard() {
        return usesHeard;
    }

    long destroyedCount(DestroyReason reason) {
        return destroyed.get(reason.ordinal());
    }
}
