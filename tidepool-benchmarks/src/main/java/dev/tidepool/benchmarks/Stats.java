package dev.tidepool.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Median and spread of a few per-round figures. */
final class Stats {
    private Stats() {
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** {@code median (min–max)} with the given format for each figure. */
    static String spread(List<Double> values, String format) {
        if (values.isEmpty()) {
            return "—";
        }
        return String.format(Locale.ROOT, format + " (" + format + "–" + format + ")",
                median(values), min(values), max(values));
    }

    static String all(List<Double> values, String format) {
        return String.join(" / ", values.stream().map(v -> String.format(Locale.ROOT, format, v)).toList());
    }

    static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static String fmt(String format, double value) {
        return String.format(Locale.ROOT, format, value);
    }

    static String join(double[] values) {
        return Arrays.toString(values);
    }
}
