package dev.tidepool.micrometer;

import dev.tidepool.core.Registration;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.micrometer.internal.PoolMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Micrometer metrics for a {@link TidepoolDataSource}: the OpenTelemetry semantic-convention
 * names for database client connections, Tidepool's own meters, and optionally HikariCP's names,
 * so dashboards and alerts built for HikariCP keep working after a migration.
 *
 * <pre>{@code
 * TidepoolMetrics metrics = TidepoolMetrics.bind(dataSource, registry);   // OpenTelemetry names
 * TidepoolMetrics.forDataSource(dataSource).withHikariNames().bindTo(registry); // and HikariCP's
 * }</pre>
 *
 * The meters (all tagged {@code db.client.connection.pool.name=<poolName>}, HikariCP's tagged
 * {@code pool=<poolName>}) are listed in the README, "Metrics". The binder attaches a listener to
 * the running pool; {@link #close()} detaches it and removes the meters. Gauges read the pool's
 * counts when the registry is scraped.
 *
 * <h2>Wait and use times</h2>
 * The wait and use times are shown to the registry as function timers: count and total
 * (Prometheus {@code _seconds_count}, {@code _seconds_sum}) and the longest in the last two
 * minutes ({@code _seconds_max}), the series a Micrometer {@code Timer} has, with no Micrometer
 * call on the borrow path. The counts are exact: the pool's own, each connection counting its
 * borrows. A wait is 0, without a clock read, for a borrow that took an idle connection needing no
 * validation on its first try (tens of nanoseconds); every other borrow's wait is measured, from
 * the moment the pool found no such connection (or the pool was suspended) to the lend, so it
 * includes validating, opening and queueing. The use times are sampled, since two clock reads cost
 * more than a borrow: the first use of a connection after the pool's coarse clock moved (at least
 * every 250 ms), every 16th, and every use after a wait are timed, each standing for the untimed
 * uses of its connection before it, so {@code _sum} estimates the total (and only grows), and at
 * low rates every use is timed. A use that spanned a move of the coarse clock (every hold of 250
 * ms or more) is always recorded: {@code _max} is the longest use in the window, exact when it was
 * timed and else at most 250 ms short, never lost to the sample. {@link #withExactTimings()} times
 * every borrow and return instead (two clock reads per borrow). Histograms, percentiles and SLO
 * buckets need a real {@code Timer}: when the registry's filters ask for one of them on these meters
 * (Spring's {@code management.metrics.distribution.*}), or with {@link #withTimers()}, the wait and
 * use times are Micrometer {@code Timer}s recorded on every borrow and return instead, at their
 * cost (docs/benchmarks.md). No tag or meter carries the password or the JDBC URL.
 *
 * <p>Bind each data source once per registry; a second binder with the same pool name in the same
 * registry would share (and double-count) the same meters.
 */
public final class TidepoolMetrics implements MeterBinder, AutoCloseable {
    /** The OpenTelemetry attribute naming the pool. */
    public static final String POOL_NAME_TAG = "db.client.connection.pool.name";

    private final TidepoolDataSource dataSource;
    private final boolean hikariNames;
    private final boolean timers;
    private final boolean exact;
    private final Tags extraTags;
    private final List<Bound> bound = new ArrayList<>();

    private TidepoolMetrics(TidepoolDataSource dataSource, boolean hikariNames, boolean timers, boolean exact,
                            Tags extraTags) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.hikariNames = hikariNames;
        this.timers = timers;
        this.exact = exact;
        this.extraTags = extraTags;
    }

    /** Binds the OpenTelemetry-named meters (and Tidepool's own) of {@code dataSource} to {@code registry}. */
    public static TidepoolMetrics bind(TidepoolDataSource dataSource, MeterRegistry registry) {
        TidepoolMetrics metrics = forDataSource(dataSource);
        metrics.bindTo(registry);
        return metrics;
    }

    /** A binder for {@code dataSource}, not bound yet: {@link #bindTo(MeterRegistry)} binds it. */
    public static TidepoolMetrics forDataSource(TidepoolDataSource dataSource) {
        return new TidepoolMetrics(dataSource, false, false, false, Tags.empty());
    }

    /**
     * The same binder that also emits HikariCP's names ({@code hikaricp.connections},
     * {@code .active}, {@code .idle}, {@code .pending}, {@code .max}, {@code .min}, {@code .timeout},
     * {@code .acquire}, {@code .usage}, {@code .creation}, tag {@code pool}).
     */
    public TidepoolMetrics withHikariNames() {
        return new TidepoolMetrics(dataSource, true, timers, exact, extraTags);
    }

    /**
     * The same binder with the wait and use times as Micrometer {@code Timer}s, recorded on every
     * borrow and return, whether or not the registry's filters ask for a histogram, percentiles or
     * SLOs on them (when they do, the binder uses {@code Timer}s anyway). Costs two
     * {@code Timer.record}s per borrow (four with HikariCP's names).
     */
    public TidepoolMetrics withTimers() {
        return new TidepoolMetrics(dataSource, hikariNames, true, exact, extraTags);
    }

    /**
     * The same binder with every use time measured rather than sampled: the same meters, with the
     * total and the maximum of every borrow and return, at two clock reads per borrow (on a virtual
     * machine that can be as much as the borrow itself; docs/benchmarks.md).
     */
    public TidepoolMetrics withExactTimings() {
        return new TidepoolMetrics(dataSource, hikariNames, timers, true, extraTags);
    }

    /** The same binder with more tags on every meter (an application name, a region). */
    public TidepoolMetrics withTags(Iterable<Tag> tags) {
        return new TidepoolMetrics(dataSource, hikariNames, timers, exact, extraTags.and(tags));
    }

    /** Registers the meters in {@code registry} and starts listening to the pool. */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        PoolMeters meters = PoolMeters.register(dataSource, registry, extraTags, hikariNames, timers, exact);
        Registration listening = dataSource.addListener(meters);
        synchronized (bound) {
            bound.add(new Bound(meters, listening));
        }
    }

    /** Stops listening and removes the meters from every registry this binder bound them to. */
    @Override
    public void close() {
        synchronized (bound) {
            for (Bound b : bound) {
                b.listening.close();
                b.meters.remove();
            }
            bound.clear();
        }
    }

    @Override
    public String toString() {
        return "TidepoolMetrics{" + dataSource.poolName() + (hikariNames ? ", with HikariCP names" : "")
                + (timers ? ", with Timers" : "") + (exact ? ", exact timings" : "") + "}";
    }

    private record Bound(PoolMeters meters, Registration listening) {
    }
}
