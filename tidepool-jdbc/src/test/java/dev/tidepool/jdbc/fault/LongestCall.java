package dev.tidepool.jdbc.fault;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The longest single application call of a load (the bound every fault test asserts), and which call it was. */
final class LongestCall {
    private final AtomicLong nanos = new AtomicLong();
    private volatile String what = "none";

    /** {@code call} took {@code took} nanos, ending {@code at} nanos after the load's start. */
    void note(String call, long took, long at) {
        long longest = nanos.get();
        while (took > longest) {
            if (nanos.compareAndSet(longest, took)) {
                what = call + " at " + String.format("%.3fs", at / 1e9);
                return;
            }
            longest = nanos.get();
        }
    }

    long nanos() {
        return nanos.get();
    }

    @Override
    public String toString() {
        return TimeUnit.NANOSECONDS.toMillis(nanos.get()) + " ms (" + what + ")";
    }
}
