package dev.tidepool.micrometer.internal;

import dev.tidepool.core.BorrowCounts;
import dev.tidepool.core.DestroyReason;
import dev.tidepool.core.HolderInfo;
import dev.tidepool.core.PoolStats;
import dev.tidepool.jdbc.ConnectFailure;
import dev.tidepool.jdbc.ConnectionHolder;
import dev.tidepool.jdbc.SessionAttribute;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.jdbc.TidepoolListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one data source in one registry, and the listener that feeds them. Every meter
 * is registered up front (counters of every reason, class and attribute at zero), so a dashboard
 * sees each series from the first scrape. Gauges read {@link TidepoolDataSource#stats()} at scrape
 * time, which walks the pool's entries once per gauge: cheap at pool sizes, and nothing on the
 * borrow path.
 *
 * <p>The wait and use times go into two {@link TimeAccumulator}s shown as function timers
 * ({@link AccumulatedTimer}), shared by the OpenTelemetry and the HikariCP names: the borrow path
 * makes no Micrometer call. Their counts are the pool's own {@link BorrowCounts}; the totals and
 * maxima are fed sampled (the pool times the borrows that waited and a sample of the uses, see
 * {@code PoolListener}, "Sampled timings"), or, when asked ({@code exact}), from every borrow and
 * return. Only when asked ({@code timers}), or when the registry's filters want a histogram,
 * percentiles or SLOs for one of those timers, are they Micrometer {@code Timer}s recorded on every
 * borrow and return. The create time, off the borrow path, is always a {@code Timer}.
 */
public final class PoolMeters implements TidepoolListener {
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    // Accumulated wait and use times, or null when they are Timers.
    private final TimeAccumulator waits;
    private final TimeAccumulator uses;
    /** Whether the accumulators are fed every borrow and return rather than sampled. */
    private final boolean exact;
    /** The pool's counts and their values when this was attached (the meters count from there); null until attached. */
    private volatile BorrowCounts counts;
    private long borrowsAtBind;
    private long returnsAtBind;
    // The wait and use Timers (HikariCP's too, or null), or null when accumulated.
    private final Timer waitTime;
    private final Timer useTime;
    private final Timer createTime;
    private final Counter timeouts;
    private final EnumMap<DestroyReason, Counter> destroyed = new EnumMap<>(DestroyReason.class);
    private final EnumMap<ConnectFailure, Counter> connectFailures = new EnumMap<>(ConnectFailure.class);
    private final EnumMap<SessionAttribute, Counter> resets = new EnumMap<>(SessionAttribute.class);
    private final Counter idleInTransaction;
    private final Counter leaksHeld;
    private final Counter leaksAbandoned;
    // HikariCP's names, or null.
    private final Timer hikariAcquire;
    private final Timer hikariUsage;
    private final Timer hikariCreation;
    private final Counter hikariTimeout;

    private PoolMeters(TidepoolDataSource ds, MeterRegistry registry, Tags extra, boolean hikari, boolean timers,
                       boolean exact) {
        this.registry = registry;
        this.exact = exact;
        Tags pool = Tags.of(MeterNames.POOL_NAME, ds.poolName()).and(extra);
        Tags h = Tags.of(MeterNames.HIKARI_POOL, ds.poolName()).and(extra);
        boolean timed = timers || AccumulatedTimer.wantsDistribution(registry, MeterNames.WAIT_TIME, pool)
                || AccumulatedTimer.wantsDistribution(registry, MeterNames.USE_TIME, pool)
                || hikari && (AccumulatedTimer.wantsDistribution(registry, MeterNames.HIKARI_ACQUIRE, h)
                || AccumulatedTimer.wantsDistribution(registry, MeterNames.HIKARI_USAGE, h));
        gauge(MeterNames.COUNT, ds, d -> d.stats().idle(), pool.and(MeterNames.STATE, "idle"),
                "The number of connections that are currently idle");
        gauge(MeterNames.COUNT, ds, d -> d.stats().active(), pool.and(MeterNames.STATE, "used"),
                "The number of connections that are currently in use");
        gauge(MeterNames.IDLE_MAX, ds, TidepoolDataSource::maxSize, pool,
                "The maximum number of idle open connections allowed (Tidepool: maxSize)");
        gauge(MeterNames.IDLE_MIN, ds, TidepoolDataSource::minIdle, pool,
                "The minimum number of idle open connections allowed (minIdle)");
        gauge(MeterNames.MAX, ds, TidepoolDataSource::maxSize, pool,
                "The maximum number of open connections allowed (maxSize)");
        gauge(MeterNames.PENDING, ds, d -> d.stats().waiting(), pool,
                "The number of current pending requests for an open connection");
        gauge(MeterNames.SUSPENDED, ds, d -> d.isSuspended() ? 1 : 0, pool,
                "1 while the pool is suspended (borrowers wait), else 0");
        timeouts = counter(MeterNames.TIMEOUTS, pool,
                "The number of connection timeouts that have occurred trying to obtain a connection from the pool");
        createTime = timer(MeterNames.CREATE_TIME, pool, "The time it took to create a new connection");
        if (timed) {
            waits = null;
            uses = null;
            waitTime = timer(MeterNames.WAIT_TIME, pool, WAIT_DESCRIPTION);
            useTime = timer(MeterNames.USE_TIME, pool, USE_DESCRIPTION);
        } else {
            waits = new TimeAccumulator();
            uses = new TimeAccumulator();
            waitTime = null;
            useTime = null;
            meters.addAll(AccumulatedTimer.register(registry, MeterNames.WAIT_TIME, pool, WAIT_DESCRIPTION, waits,
                    this::borrows));
            meters.addAll(AccumulatedTimer.register(registry, MeterNames.USE_TIME, pool, USE_DESCRIPTION, uses,
                    this::returns));
        }
        for (DestroyReason r : DestroyReason.values()) {
            destroyed.put(r, counter(MeterNames.DESTROYED, pool.and(MeterNames.REASON, MeterNames.reason(r)),
                    "Connections closed by the pool, by reason"));
        }
        for (ConnectFailure f : ConnectFailure.values()) {
            connectFailures.put(f, counter(MeterNames.CONNECT_FAILURES, pool.and(MeterNames.CLASS, lower(f.name())),
                    "Failed attempts to open a connection, by class of failure"));
        }
        for (SessionAttribute a : SessionAttribute.values()) {
            resets.put(a, counter(MeterNames.RESETS, pool.and(MeterNames.ATTRIBUTE, lower(a.name())),
                    "Session attributes a borrower changed and the pool restored on return, by attribute"));
        }
        idleInTransaction = counter(MeterNames.IDLE_IN_TRANSACTION, pool,
                "Warnings: a borrower kept a transaction open with no JDBC call past idleInTransactionThreshold");
        leaksHeld = counter(MeterNames.LEAKS, pool.and(MeterNames.KIND, "held_too_long"),
                "Connections held past leakThreshold, or dropped without close (abandoned)");
        leaksAbandoned = counter(MeterNames.LEAKS, pool.and(MeterNames.KIND, "abandoned"),
                "Connections held past leakThreshold, or dropped without close (abandoned)");
        if (hikari) {
            gauge(MeterNames.HIKARI, ds, d -> d.stats().total(), h, "Total connections");
            gauge(MeterNames.HIKARI + ".active", ds, d -> d.stats().active(), h, "Active connections");
            gauge(MeterNames.HIKARI + ".idle", ds, d -> d.stats().idle(), h, "Idle connections");
            gauge(MeterNames.HIKARI + ".pending", ds, d -> d.stats().waiting(), h, "Pending threads");
            gauge(MeterNames.HIKARI + ".max", ds, TidepoolDataSource::maxSize, h, "Max connections");
            gauge(MeterNames.HIKARI + ".min", ds, TidepoolDataSource::minIdle, h, "Min connections");
            hikariTimeout = counter(MeterNames.HIKARI + ".timeout", h, "Connection timeout total count");
            if (timed) {
                hikariAcquire = timer(MeterNames.HIKARI_ACQUIRE, h, "Connection acquire time");
                hikariUsage = timer(MeterNames.HIKARI_USAGE, h, "Connection usage time");
            } else {
                hikariAcquire = null;
                hikariUsage = null;
                meters.addAll(AccumulatedTimer.register(registry, MeterNames.HIKARI_ACQUIRE, h, "Connection acquire time", waits,
                        this::borrows));
                meters.addAll(AccumulatedTimer.register(registry, MeterNames.HIKARI_USAGE, h, "Connection usage time", uses,
                        this::returns));
            }
            hikariCreation = timer(MeterNames.HIKARI + ".creation", h, "Connection creation time");
        } else {
            hikariTimeout = null;
            hikariAcquire = null;
            hikariUsage = null;
            hikariCreation = null;
        }
    }

    private static final String WAIT_DESCRIPTION = "The time it took to obtain an open connection from the pool";
    private static final String USE_DESCRIPTION = "The time between borrowing a connection and returning it to the pool";

    /**
     * Registers every meter of {@code ds} in {@code registry}; attach the result as a listener to feed them.
     * {@code timers}: the wait and use times as Micrometer {@code Timer}s even if no filter asks for a distribution;
     * {@code exact}: accumulated from every borrow and return rather than sampled.
     */
    public static PoolMeters register(TidepoolDataSource ds, MeterRegistry registry, Tags extra, boolean hikari,
                                      boolean timers, boolean exact) {
        return new PoolMeters(ds, registry, extra, hikari, timers, exact);
    }

    /** Whether the wait and use times are sampled here (accumulated, and not asked to be exact). */
    public boolean samples() {
        return waits != null && !exact;
    }

    /** Borrows since this was attached. */
    private long borrows() {
        BorrowCounts c = counts;
        return c == null ? 0 : Math.max(0, c.borrows() - borrowsAtBind);
    }

    /** Returns since this was attached. */
    private long returns() {
        BorrowCounts c = counts;
        return c == null ? 0 : Math.max(0, c.returns() - returnsAtBind);
    }

    /** Whether the wait and use times are Micrometer {@code Timer}s here (else accumulated). */
    public boolean recordsTimers() {
        return waits == null;
    }

    /** Removes the meters from the registry. */
    public void remove() {
        meters.forEach(registry::remove);
    }

    private static String lower(String enumName) {
        return enumName.toLowerCase(Locale.ROOT);
    }

    private void gauge(String name, TidepoolDataSource ds, ToDoubleFunction<TidepoolDataSource> value, Tags tags,
                       String description) {
        // A weak reference to the data source, as Micrometer's gauges keep: a closed, dropped pool is not kept alive.
        meters.add(Gauge.builder(name, ds, value).tags(tags).description(description).register(registry));
    }

    private Counter counter(String name, Tags tags, String description) {
        Counter c = Counter.builder(name).tags(tags).description(description).register(registry);
        meters.add(c);
        return c;
    }

    private Timer timer(String name, Tags tags, String description) {
        Timer t = Timer.builder(name).tags(tags).description(description).register(registry);
        meters.add(t);
        return t;
    }

    // ---------------------------------------------------------------- the listener

    @Override
    public boolean samplesTimings() {
        return samples();
    }

    @Override
    public void attached(BorrowCounts counts) {
        borrowsAtBind = counts.borrows();
        returnsAtBind = counts.returns();
        this.counts = counts; // volatile: publishes the two above
    }

    @Override
    public void acquired(long waitNanos) {
        TimeAccumulator w = waits;
        if (w != null) {
            w.add(waitNanos, 1); // counted by the pool: sampled, only the borrows that waited come here
            return;
        }
        waitTime.record(waitNanos, TimeUnit.NANOSECONDS);
        if (hikariAcquire != null) {
            hikariAcquire.record(waitNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void returned(long useNanos) {
        TimeAccumulator u = uses;
        if (u != null) {
            u.add(useNanos, 1);
            return;
        }
        useTime.record(useNanos, TimeUnit.NANOSECONDS);
        if (hikariUsage != null) {
            hikariUsage.record(useNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Sampled: {@code useNanos} stands for {@code returns} returns in the total (a Timer is never sampled). */
    @Override
    public void used(long useNanos, long returns) {
        TimeAccumulator u = uses;
        if (u != null) {
            u.add(useNanos, returns);
        }
    }

    @Override
    public void created(Duration took) {
        createTime.record(took);
        if (hikariCreation != null) {
            hikariCreation.record(took);
        }
    }

    @Override
    public void timedOut(PoolStats stats) {
        timeouts.increment();
        if (hikariTimeout != null) {
            hikariTimeout.increment();
        }
    }

    @Override
    public void destroyed(DestroyReason reason) {
        destroyed.get(reason).increment();
    }

    @Override
    public void connectFailed(ConnectFailure failure) {
        connectFailures.get(failure).increment();
    }

    @Override
    public void attributeReset(SessionAttribute attribute) {
        resets.get(attribute).increment();
    }

    @Override
    public void idleInTransaction(ConnectionHolder holder, StackTraceElement[] stackNow) {
        idleInTransaction.increment();
    }

    @Override
    public void leakSuspected(HolderInfo<?> holder) {
        leaksHeld.increment();
    }

    @Override
    public void connectionAbandoned(ConnectionHolder holder) {
        leaksAbandoned.increment();
    }

    @Override
    public String toString() {
        return "PoolMeters{" + registry.getClass().getSimpleName() + "}";
    }
}
