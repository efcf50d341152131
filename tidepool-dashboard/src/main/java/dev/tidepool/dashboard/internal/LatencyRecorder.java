package dev.tidepool.dashboard.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free, fixed-size histogram of nanosecond durations (log-linear buckets, 8 per power of
 * two: a value is known within 12.5 %). Recording is one array increment; the sampler reads
 * the cumulative counts once a second and subtracts the previous reading, so nothing is reset
 * under the writers' feet and no recording is lost between intervals.
 */
public final class LatencyRecorder {

    static final int SUB_BUCKETS = 8;
    static final int BUCKETS = 8 * 61;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    public void record(long nanos) {
        counts.incrementAndGet(index(nanos));
    }

    /** A copy of the cumulative counts, for {@link Interval}. */
    long[] snapshot() {
        long[] copy = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            copy[i] = counts.get(i);
        }
        return copy;
    }

    static int index(long v) {
        if (v < SUB_BUCKETS) {
            return (int) Math.max(v, 0);
        }
        int msb = 63 - Long.numberOfLeadingZeros(v);
        return Math.min(BUCKETS - 1, SUB_BUCKETS * (msb - 2) + (int) ((v >>> (msb - 3)) & (SUB_BUCKETS - 1)));
    }

    /** The middle of bucket {@code index}, in nanoseconds. */
    static double midpoint(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int msb = index / SUB_BUCKETS + 2;
        long width = 1L << (msb - 3);
        long lower = (SUB_BUCKETS + index % SUB_BUCKETS) * width;
        return lower + (width - 1) / 2.0;
    }

    /** Reads successive intervals of a recorder: what was recorded since the previous {@link #next()}. */
    public static final class Interval {
        private final LatencyRecorder recorder;
        private long[] previous = new long[BUCKETS];

        public Interval(LatencyRecorder recorder) {
            this.recorder = recorder;
        }

        /** The durations recorded since the last call. */
        public Counts next() {
            long[] now = recorder.snapshot();
            long[] delta = new long[BUCKETS];
            long n = 0;
            for (int i = 0; i < BUCKETS; i++) {
                delta[i] = now[i] - previous[i];
                n += delta[i];
            }
            previous = now;
            return new Counts(delta, n);
        }
    }

    /** One interval's counts. */
    public record Counts(long[] buckets, long count) {

        /** The {@code p}-th percentile (0-100) in milliseconds, or NaN when the interval is empty. */
        public double percentileMillis(double p) {
            if (count == 0) {
                return Double.NaN;
            }
            long rank = Math.max(1, (long) Math.ceil(count * p / 100.0));
            long seen = 0;
            for (int i = 0; i < buckets.length; i++) {
                seen += buckets[i];
                if (seen >= rank) {
                    return midpoint(i) / 1e6;
                }
            }
            return midpoint(buckets.length - 1) / 1e6;
        }
    }
}
