package dev.tidepool.cli;

import java.util.Arrays;

/**
 * Counts durations in nanoseconds in log-linear buckets: each power of two is split into
 * {@value #SUB_BUCKETS} equal buckets, so a percentile is reported at most about 3% above the true
 * value, in fixed memory whatever the run's length. The maximum is kept exactly. Not thread-safe:
 * each worker records into its own and the reporter merges them.
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 5;
    static final int SUB_BUCKETS = 1 << SUB_BITS;
    private static final int BUCKETS = (64 - SUB_BITS) * SUB_BUCKETS + SUB_BUCKETS;

    private final long[] counts = new long[BUCKETS];
    private long count;
    private long max;

    void record(long nanos) {
        long v = Math.max(0, nanos);
        counts[index(v)]++;
        count++;
        if (v > max) {
            max = v;
        }
    }

    /** Adds every value of {@code other} to this one. */
    void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        count += other.count;
        max = Math.max(max, other.max);
    }

    void reset() {
        Arrays.fill(counts, 0);
        count = 0;
        max = 0;
    }

    long count() {
        return count;
    }

    /** The largest value recorded, exactly; 0 when empty. */
    long max() {
        return max;
    }

    /**
     * The value at or below which {@code percentile} percent of the values fall, as the upper
     * edge of its bucket (never above {@link #max()}); 0 when empty.
     */
    long valueAtPercentile(double percentile) {
        if (count == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(percentile / 100.0 * count);
        rank = Math.max(1, Math.min(count, rank));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(max, upperEdge(i));
            }
        }
        return max;
    }

    /** Values below {@code SUB_BUCKETS} get a bucket each; above, a power of two is split in SUB_BUCKETS. */
    static int index(long v) {
        if (v < SUB_BUCKETS) {
            return (int) v;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS + 1; // >= 1
        int sub = (int) (v >>> (exponent - 1)) - SUB_BUCKETS; // 0 .. SUB_BUCKETS-1
        return exponent * SUB_BUCKETS + sub;
    }

    /** The largest value that falls in bucket {@code index}. */
    static long upperEdge(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int exponent = index / SUB_BUCKETS;
        long sub = index % SUB_BUCKETS;
        long lower = (SUB_BUCKETS + sub) << (exponent - 1);
        long width = 1L << (exponent - 1);
        long upper = lower + width - 1;
        return upper < 0 ? Long.MAX_VALUE : upper;
    }
}
