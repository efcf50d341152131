package dev.tidepool.cli;

import java.util.Locale;

/** Number formats shared by the status line and the summary; always Locale.ROOT. */
final class Format {

    private Format() {
    }

    /** {@code 800 ns}, {@code 42 us}, {@code 2.10 ms}, {@code 35.2 ms}, {@code 1.50 s}. */
    static String nanos(long nanos) {
        if (nanos < 1_000) {
            return nanos + " ns";
        }
        if (nanos < 1_000_000) {
            return (nanos / 1_000) + " us";
        }
        double millis = nanos / 1e6;
        if (millis < 10) {
            return String.format(Locale.ROOT, "%.2f ms", millis);
        }
        if (millis < 1000) {
            return String.format(Locale.ROOT, "%.1f ms", millis);
        }
        return String.format(Locale.ROOT, "%.2f s", millis / 1000);
    }

    /** A count with thousands separators: {@code 48,120}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Seconds with one decimal: {@code 10.0 s}. */
    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** A rate from a count over an elapsed time, rounded: {@code 4,812}. */
    static String rate(long count, long elapsedNanos) {
        return count(elapsedNanos <= 0 ? 0 : Math.round(count * 1e9 / elapsedNanos));
    }
}
