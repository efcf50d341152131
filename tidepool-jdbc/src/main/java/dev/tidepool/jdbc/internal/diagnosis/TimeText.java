package dev.tidepool.jdbc.internal.diagnosis;

import java.time.Duration;
import java.util.Locale;

/** Durations for people: {@code 350 ms}, {@code 4.2 s}, {@code 14 s}, {@code 3 min}; ranges {@code 12-14 s}. */
final class TimeText {

    private TimeText() {
    }

    static String of(Duration d) {
        long ms = d.toMillis();
        return number(ms) + " " + unit(ms);
    }

    /** {@code 12-14 s}; one value when both ends read the same; both units when they differ. */
    static String range(Duration min, Duration max) {
        long lo = min.toMillis();
        long hi = max.toMillis();
        String a = number(lo);
        String b = number(hi);
        if (unit(lo).equals(unit(hi))) {
            return a.equals(b) ? a + " " + unit(hi) : a + "-" + b + " " + unit(hi);
        }
        return a + " " + unit(lo) + "-" + b + " " + unit(hi);
    }

    private static String unit(long ms) {
        return ms < 1000 ? "ms" : ms < 120_000 ? "s" : "min";
    }

    private static String number(long ms) {
        if (ms < 1000) {
            return Long.toString(ms);
        }
        if (ms < 10_000) {
            return String.format(Locale.ROOT, "%.1f", ms / 1000.0);
        }
        if (ms < 120_000) {
            return Long.toString(ms / 1000);
        }
        return Long.toString(ms / 60_000);
    }
}
