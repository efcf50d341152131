package dev.tidepool.dashboard.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@link #CAPACITY} samples of one pool (15 minutes at one a second), in a fixed ring of
 * primitive columns allocated once: 900 rows of 8 + 6 x 4 + 6 x 8 bytes, about 72 KB per pool,
 * whatever runs for however long. One writer (the sampler), readers on HTTP threads; the
 * monitor is taken once a second by the writer and once per request by a reader.
 */
public final class History {

    /** 15 minutes of one sample a second. */
    public static final int CAPACITY = 900;

    private final long[] time = new long[CAPACITY];
    private final int[] total = new int[CAPACITY];
    private final int[] active = new int[CAPACITY];
    private final int[] idle = new int[CAPACITY];
    private final int[] waiting = new int[CAPACITY];
    private final int[] creating = new int[CAPACITY];
    private final int[] max = new int[CAPACITY];
    private final double[] acquires = new double[CAPACITY];
    private final double[] timeouts = new double[CAPACITY];
    private final double[] waitP50 = new double[CAPACITY];
    private final double[] waitP99 = new double[CAPACITY];
    private final double[] useP50 = new double[CAPACITY];
    private final double[] useP99 = new double[CAPACITY];
    /** Samples ever added; the newest is at (count - 1) % CAPACITY. */
    private long count;

    public synchronized void add(Sample s) {
        int i = (int) (count % CAPACITY);
        time[i] = s.timeMillis();
        total[i] = s.total();
        active[i] = s.active();
        idle[i] = s.idle();
        waiting[i] = s.waiting();
        creating[i] = s.creating();
        max[i] = s.max();
        acquires[i] = s.acquiresPerSecond();
        timeouts[i] = s.timeoutsPerSecond();
        waitP50[i] = s.waitP50();
        waitP99[i] = s.waitP99();
        useP50[i] = s.useP50();
        useP99[i] = s.useP99();
        count++;
    }

    /** The samples held, oldest first (at most {@link #CAPACITY}). */
    public synchronized List<Sample> samples() {
        int n = (int) Math.min(count, CAPACITY);
        List<Sample> result = new ArrayList<>(n);
        for (long k = count - n; k < count; k++) {
            result.add(row((int) (k % CAPACITY)));
        }
        return result;
    }

    /** The newest sample, or null before the first. */
    public synchronized Sample latest() {
        return count == 0 ? null : row((int) ((count - 1) % CAPACITY));
    }

    private Sample row(int i) {
        return new Sample(time[i], total[i], active[i], idle[i], waiting[i], creating[i], max[i], acquires[i],
                timeouts[i], waitP50[i], waitP99[i], useP50[i], useP99[i]);
    }
}
