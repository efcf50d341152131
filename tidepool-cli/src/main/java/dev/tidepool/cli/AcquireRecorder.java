package dev.tidepool.cli;

/**
 * The acquire times of one worker thread for the current reporting interval. The worker records,
 * the reporter drains once a second; the lock is never contended beyond that handoff and nothing
 * blocks while holding it.
 */
final class AcquireRecorder {

    private final LatencyHistogram interval = new LatencyHistogram();

    synchronized void record(long nanos) {
        interval.record(nanos);
    }

    /** Moves everything recorded since the last drain into {@code target}. */
    synchronized void drainInto(LatencyHistogram target) {
        target.add(interval);
        interval.reset();
    }
}
