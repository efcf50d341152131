package dev.tidepool.jdbc.fault;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Completed operations per 10 ms since a load's start: what the throughput, gap and recovery
 * assertions read. Allocated up front for the longest run, so counting allocates nothing.
 */
final class OkBuckets {
    static final long BUCKET_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final AtomicIntegerArray counts;

    OkBuckets(Duration longest) {
        this.counts = new AtomicIntegerArray((int) (longest.toNanos() / BUCKET_NANOS) + 1);
    }

    /** One operation completed at {@code at} (nanos since the start; past the end: counted in the last bucket). */
    void add(long at) {
        counts.incrementAndGet((int) Math.min(counts.length() - 1, Math.max(0, at / BUCKET_NANOS)));
    }

    /** Completed operations in [from, to) (nanos since the start, 10 ms resolution). */
    int between(long from, long to) {
        int sum = 0;
        int last = (int) Math.min(counts.length(), Math.max(0, to / BUCKET_NANOS));
        for (int i = (int) Math.max(0, from / BUCKET_NANOS); i < last; i++) {
            sum += counts.get(i);
        }
        return sum;
    }

    int total() {
        return between(0, (long) counts.length() * BUCKET_NANOS);
    }
}
