package dev.tidepool.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import javax.sql.DataSource;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * HikariCP as {@link HikariAdapter}, with its Micrometer tracker
 * ({@code MicrometerMetricsTrackerFactory}) on a Prometheus registry, as Spring Boot wires it.
 */
final class HikariMetricsAdapter implements PoolAdapter {
    private final HikariAdapter plain = new HikariAdapter();
    private final Map<DataSource, PrometheusMeterRegistry> registries = new IdentityHashMap<>();

    @Override
    public String name() {
        return "hikari-metrics";
    }

    @Override
    public synchronized DataSource create(PoolSpec spec) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        com.zaxxer.hikari.HikariConfig config = HikariAdapter.config(spec);
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        HikariDataSource ds = new HikariDataSource(config);
        registries.put(ds, registry);
        return ds;
    }

    @Override
    public synchronized void close(DataSource dataSource) {
        plain.close(dataSource);
        PrometheusMeterRegistry registry = registries.remove(dataSource);
        if (registry != null) {
            registry.close();
        }
    }
}
