package dev.tidepool.jdbc.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How long the workload took to get back to work after each fault: from the end of the fault's
 * window (the kill or reset done, the network back, the server answering again) to the start of
 * the first 200 ms stretch, after the last failure charged to that fault, that completes at least
 * half the operations per second the 2 s before the fault did. Half, not all: holders and the
 * starver make the rate bumpy on their own. When the 2 s before were too quiet to compare (fewer
 * than 10 operations), the first completed operation counts.
 */
final class RecoveryTimes {
    private static final long WINDOW = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long BASELINE = TimeUnit.SECONDS.toNanos(2);

    private RecoveryTimes() {
    }

    /** Nanos from the window's end until work was back; -1 if it never came back before {@code until}. */
    static long after(SoakWorkload load, FailureAccounting.Window w, long until) {
        long from = Math.max(w.end(), w.lastFailureEnd());
        int before = load.okBetween(w.start - BASELINE, w.start);
        double wanted = before < 10 ? 1 : before * ((double) WINDOW / BASELINE) * 0.5;
        for (long t = from / OkBuckets.BUCKET_NANOS * OkBuckets.BUCKET_NANOS; t + WINDOW <= until;
                t += OkBuckets.BUCKET_NANOS) {
            if (load.okBetween(t, t + WINDOW) >= wanted) {
                return Math.max(0, t - w.end());
            }
        }
        return -1;
    }

    /** "median / max" in ms of the given nanos ("-" when empty; "never" if one never recovered). */
    static String medianMax(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "-";
        }
        if (nanos.contains(-1L)) {
            return "never (" + nanos.stream().filter(n -> n < 0).count() + " of " + nanos.size() + ")";
        }
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        long median = sorted.get(sorted.size() / 2);
        return TimeUnit.NANOSECONDS.toMillis(median) + " / " + TimeUnit.NANOSECONDS.toMillis(sorted.get(sorted.size() - 1)) + " ms";
    }
}
