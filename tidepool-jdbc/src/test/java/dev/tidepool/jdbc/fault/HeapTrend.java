package dev.tidepool.jdbc.fault;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples the heap after a full collection ({@link System#gc()}, then used heap) at a fixed
 * interval on its own thread, and fits a least-squares line through the samples: the slope is the
 * growth of what survives collection, i.e. what a leak would add. The first sample is taken after
 * the warm-up (class loading, JIT, the pool filling), which would otherwise look like growth.
 */
final class HeapTrend implements AutoCloseable {
    private static final double MIB = 1024.0 * 1024.0;

    /** One sample: nanos since the trend started, bytes used after GC. */
    record Sample(long at, long used) {
    }

    private final List<Sample> samples = new ArrayList<>(); // guarded by this
    private final long periodNanos;
    private final long start = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;

    HeapTrend(Duration period) {
        this.periodNanos = period.toNanos();
        this.thread = new Thread(this::sampleLoop, "soak-heap");
        thread.setDaemon(true);
        thread.start();
    }

    private void sampleLoop() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long next = System.nanoTime();
        while (running) {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            synchronized (this) {
                samples.add(new Sample(System.nanoTime() - start, used));
            }
            next += periodNanos;
            for (long left = next - System.nanoTime(); running && left > 0; left = next - System.nanoTime()) {
                LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100))); // the sampling period
            }
        }
    }

    synchronized List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    /** Least-squares slope of used-after-GC over time, in MiB per hour; 0 with fewer than 2 samples. */
    static double slopeMibPerHour(List<Sample> samples) {
        int n = samples.size();
        if (n < 2) {
            return 0;
        }
        double mx = 0;
        double my = 0;
        for (Sample s : samples) {
            mx += s.at() / 1e9;
            my += s.used();
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (Sample s : samples) {
            double dx = s.at() / 1e9 - mx;
            sxy += dx * (s.used() - my);
            sxx += dx * dx;
        }
        return sxx == 0 ? 0 : sxy / sxx * 3600 / MIB;
    }

    static String describe(List<Sample> samples) {
        if (samples.isEmpty()) {
            return "no samples";
        }
        long min = samples.stream().mapToLong(Sample::used).min().orElse(0);
        long max = samples.stream().mapToLong(Sample::used).max().orElse(0);
        return String.format("%d samples over %.0f s, used after GC first %.1f MiB, last %.1f MiB, min %.1f, max %.1f,"
                        + " slope %+.2f MiB/h", samples.size(), samples.get(samples.size() - 1).at() / 1e9,
                samples.get(0).used() / MIB, samples.get(samples.size() - 1).used() / MIB, min / MIB, max / MIB,
                slopeMibPerHour(samples));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
