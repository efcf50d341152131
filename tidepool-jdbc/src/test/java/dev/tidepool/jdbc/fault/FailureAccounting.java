package dev.tidepool.jdbc.fault;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Charges every failed operation of the soak to the fault that explains it, and keeps those no
 * fault explains: a failure with no fault to blame means the pool lent a broken connection (or
 * failed a borrow) while network and server were healthy, which is a defect.
 *
 * <p>An operation is charged to a fault when it was under way during the fault's window extended
 * by {@code grace}: it started no later than {@code window end + grace} and failed no earlier than
 * the window's start. The grace is how long a fault can still show after it ended: a borrow that
 * waits out acquireTimeout while the pool reconnects, then a statement that waits out the
 * driver's bound on a connection the fault broke. A failed borrow that no fault explains but that
 * overlapped a stretch where the workload itself held every connection (a starvation burst, plus
 * the same grace) is charged to the starvation: the pool was empty by design and no connection
 * was broken.
 *
 * <p>Charging happens as each failure is recorded (a failure ends after every window it can be
 * charged to has started, and a window still under way has no end yet, so nothing later can
 * change the verdict). Only counts and a few examples are kept per fault: the soak's own records
 * must not grow the heap whose trend it measures. Thread-safe.
 */
final class FailureAccounting {
    private static final int EXAMPLES = 3;
    private static final int UNEXPLAINED_KEPT = 200;
    private static final long UNDER_WAY = Long.MAX_VALUE / 4;

    /** One failed operation: when it started and failed (nanos since start), on which call. */
    record Failure(long start, long end, String worker, String connection, String call, String error) {
        boolean borrow() {
            return "getConnection".equals(call);
        }

        @Override
        public String toString() {
            return String.format("%.3f-%.3fs %s %s %s: %s", start / 1e9, end / 1e9, worker, call, connection, error);
        }
    }

    /** One fault as it happened (nanos since the start of the run) and the failures charged to it. */
    static final class Window {
        final int index;
        final SoakFault kind;
        final long start;
        private long end = UNDER_WAY;
        private int failures;
        private long lastFailureEnd = -1;

        Window(int index, SoakFault kind, long start) {
            this.index = index;
            this.kind = kind;
            this.start = start;
        }

        long end() {
            return end;
        }

        int failures() {
            return failures;
        }

        /** When the last failure charged to this fault ended; -1 when none was. */
        long lastFailureEnd() {
            return lastFailureEnd;
        }
    }

    private final long graceNanos;
    private final List<Window> windows = new ArrayList<>(); // guarded by this
    private final List<long[]> starvations = new ArrayList<>(); // {start, end}, guarded by this
    private final Map<SoakFault, List<Failure>> examples = new EnumMap<>(SoakFault.class); // guarded by this
    private final List<Failure> unexplained = new ArrayList<>(); // guarded by this
    private int unexplainedCount; // guarded by this
    private int starved; // guarded by this
    private int total; // guarded by this

    FailureAccounting(long graceNanos) {
        this.graceNanos = graceNanos;
    }

    synchronized Window faultStarted(SoakFault kind, long start) {
        Window w = new Window(windows.size(), kind, start);
        windows.add(w);
        return w;
    }

    synchronized void faultEnded(Window w, long end) {
        w.end = end;
    }

    /** A starvation burst began; returns its handle for {@link #starvationEnded}. */
    synchronized long[] starvationStarted(long start) {
        long[] s = {start, UNDER_WAY};
        starvations.add(s);
        return s;
    }

    synchronized void starvationEnded(long[] s, long end) {
        s[1] = end;
    }

    synchronized void record(Failure f) {
        total++;
        for (Window w : windows) {
            if (f.start() <= w.end + graceNanos && f.end() >= w.start) {
                w.failures++;
                w.lastFailureEnd = Math.max(w.lastFailureEnd, f.end());
                List<Failure> some = examples.computeIfAbsent(w.kind, k -> new ArrayList<>());
                if (some.size() < EXAMPLES) {
                    some.add(f);
                }
                return;
            }
        }
        if (f.borrow()) {
            for (long[] s : starvations) {
                if (f.start() <= s[1] + graceNanos && f.end() >= s[0]) {
                    starved++;
                    return;
                }
            }
        }
        unexplainedCount++;
        if (unexplained.size() < UNEXPLAINED_KEPT) {
            unexplained.add(f);
        }
    }

    // ---------------------------------------------------------------- results

    synchronized List<Window> windows() {
        return new ArrayList<>(windows);
    }

    /** Failed operations per fault kind (every kind present, 0 when none). */
    synchronized Map<SoakFault, Integer> perKind() {
        Map<SoakFault, Integer> n = new EnumMap<>(SoakFault.class);
        for (SoakFault k : SoakFault.values()) {
            n.put(k, 0);
        }
        for (Window w : windows) {
            n.merge(w.kind, w.failures, Integer::sum);
        }
        return n;
    }

    /** Faults fired per kind (every kind present). */
    synchronized Map<SoakFault, Integer> firedPerKind() {
        Map<SoakFault, Integer> n = new EnumMap<>(SoakFault.class);
        for (SoakFault k : SoakFault.values()) {
            n.put(k, 0);
        }
        for (Window w : windows) {
            n.merge(w.kind, 1, Integer::sum);
        }
        return n;
    }

    synchronized List<Failure> examples(SoakFault kind) {
        return List.copyOf(examples.getOrDefault(kind, List.of()));
    }

    synchronized int total() {
        return total;
    }

    synchronized int starved() {
        return starved;
    }

    synchronized int starvationBursts() {
        return starvations.size();
    }

    /** Failures no fault and no starvation explains: defects (the first 200 of them). */
    synchronized List<Failure> unexplained() {
        return List.copyOf(unexplained);
    }

    synchronized int unexplainedCount() {
        return unexplainedCount;
    }
}
