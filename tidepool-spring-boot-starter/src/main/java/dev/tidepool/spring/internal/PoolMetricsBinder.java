package dev.tidepool.spring.internal;

import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.micrometer.TidepoolMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Binds {@link TidepoolMetrics} for every Tidepool pool of the context to the registry Spring
 * Boot hands to its {@link MeterBinder}s; closing it (the context's close) detaches the pools'
 * listeners and removes the meters.
 */
public final class PoolMetricsBinder implements MeterBinder, AutoCloseable {
    private final List<TidepoolMetrics> metrics = new ArrayList<>();

    /** @param hikariNames whether to emit HikariCP's meter names too */
    public PoolMetricsBinder(Map<String, TidepoolDataSource> pools, boolean hikariNames) {
        for (TidepoolDataSource pool : pools.values()) {
            TidepoolMetrics m = TidepoolMetrics.forDataSource(pool);
            metrics.add(hikariNames ? m.withHikariNames() : m);
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (TidepoolMetrics m : metrics) {
            m.bindTo(registry);
        }
    }

    @Override
    public void close() {
        for (TidepoolMetrics m : metrics) {
            m.close();
        }
    }
}
