package dev.tidepool.micrometer.internal;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Shows a {@link TimeAccumulator} to a registry as a timer would look: a {@link FunctionTimer}
 * (count and total: Prometheus {@code <name>_seconds_count} and {@code _sum}) and a gauge of its
 * maximum. A Micrometer {@code Timer} exports its maximum as {@code <name>_seconds_max} in
 * Prometheus; a {@code TimeGauge} named {@code <name>.max} would become {@code <name>_max_seconds},
 * which dashboards built on the timer do not query, so where the registry names timers the
 * Prometheus way the maximum is a plain gauge named {@code <name>.seconds.max}, valued in
 * seconds, which comes out as {@code <name>_seconds_max}. Elsewhere it is a {@code TimeGauge}
 * {@code <name>.max} in the registry's base time unit.
 */
final class AccumulatedTimer {
    private AccumulatedTimer() {
    }

    /**
     * Registers the two meters of {@code timing} under {@code name}, counted by {@code count} (the
     * pool's own count of borrows or returns, which a sampled total does not have); returns them, for removal.
     */
    static List<Meter> register(MeterRegistry registry, String name, Tags tags, String description,
                                TimeAccumulator timing, LongSupplier count) {
        Meter timer = FunctionTimer.builder(name, timing, t -> count.getAsLong(), TimeAccumulator::totalNanos,
                        TimeUnit.NANOSECONDS)
                .tags(tags).description(description).register(registry);
        Meter max;
        if (prometheusStyle(registry, name)) {
            max = Gauge.builder(name + ".seconds.max", timing, t -> t.maxNanos() / 1e9)
                    .tags(tags).description(description + " (the longest in the last two minutes)").register(registry);
        } else {
            max = TimeGauge.builder(name + ".max", timing, TimeUnit.NANOSECONDS, t -> t.maxNanos())
                    .tags(tags).description(description + " (the longest in the last two minutes)").register(registry);
        }
        return List.of(timer, max);
    }

    /**
     * Whether the registry names a timer {@code x_seconds} and a unitless gauge {@code x.seconds.max}
     * as {@code x_seconds_max} (Prometheus); a composite registry only if all its registries do.
     */
    private static boolean prometheusStyle(MeterRegistry registry, String name) {
        if (registry instanceof CompositeMeterRegistry) {
            var children = ((CompositeMeterRegistry) registry).getRegistries();
            return !children.isEmpty() && children.stream().allMatch(r -> prometheusStyle(r, name));
        }
        NamingConvention convention = registry.config().namingConvention();
        String timer = convention.name(name, Meter.Type.TIMER, "seconds");
        return timer.endsWith("_seconds") && convention.name(name + ".seconds.max", Meter.Type.GAUGE, null)
                .equals(timer + "_max");
    }

    /**
     * Whether the registry's filters ask for a histogram, percentiles or SLO buckets on a timer named
     * {@code name} with {@code tags} (Spring's {@code management.metrics.distribution.*} are such
     * filters): only a real {@code Timer} can give them. Found by registering the timer and looking
     * at its snapshot; it is removed again unless something else had registered it.
     */
    static boolean wantsDistribution(MeterRegistry registry, String name, Tags tags) {
        if (registry.find(name).tags(tags).meter() != null) {
            return false; // not ours to probe (and to remove)
        }
        Timer probe = Timer.builder(name).tags(tags).register(registry);
        try {
            HistogramSnapshot snapshot = probe.takeSnapshot();
            return snapshot.percentileValues().length > 0 || snapshot.histogramCounts().length > 0;
        } finally {
            registry.remove(probe);
        }
    }
}
