package dev.tidepool.benchmarks;

import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.micrometer.TidepoolMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import javax.sql.DataSource;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Tidepool as {@link TidepoolAdapter}, with {@link TidepoolMetrics} bound to a Prometheus
 * registry: the wait and use timers recorded on every borrow and return (issue 10).
 */
final class TidepoolMetricsAdapter implements PoolAdapter {
    private final TidepoolAdapter plain = new TidepoolAdapter();
    private final Map<DataSource, PrometheusMeterRegistry> registries = new IdentityHashMap<>();

    @Override
    public String name() {
        return "tidepool-metrics";
    }

    @Override
    public synchronized DataSource create(PoolSpec spec) throws Exception {
        TidepoolDataSource ds = (TidepoolDataSource) plain.create(spec);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TidepoolMetrics.bind(ds, registry);
        registries.put(ds, registry);
        return ds;
    }

    @Override
    public synchronized void close(DataSource dataSource) throws Exception {
        plain.close(dataSource);
        PrometheusMeterRegistry registry = registries.remove(dataSource);
        if (registry != null) {
            registry.close();
        }
    }
}
