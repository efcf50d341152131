package dev.tidepool.micrometer;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The wait and use times are function timers over Tidepool's accumulators unless a real Timer is
 * needed: asked for ({@code withTimers()}), or a filter of the registry wants percentiles or a
 * histogram on them. Either way the same series reach Prometheus.
 */
class TimerChoiceTest {

    private static TidepoolDataSource h2(String name) throws java.sql.SQLException {
        return new TidepoolDataSource(TidepoolConfig.builder().jdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1")
                .poolName(name).maxSize(2).minIdle(1).acquireTimeout(Duration.ofSeconds(5))
                .validationTimeout(Duration.ofSeconds(1)).build());
    }

    private static void borrowTwice(TidepoolDataSource ds) throws Exception {
        for (int i = 0; i < 2; i++) {
            try (Connection c = ds.getConnection()) {
                assertTrue(c.isValid(1));
            }
        }
    }

    @Test
    void byDefaultTheWaitAndUseTimesAreFunctionTimersWithAMaximum() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TidepoolDataSource ds = h2("tp_metrics_choice_fn"); TidepoolMetrics m = TidepoolMetrics.bind(ds, registry)) {
            borrowTwice(ds);
            assertEquals(Meter.Type.TIMER, registry.get("db.client.connection.wait_time").meter().getId().getType());
            assertEquals(2, registry.get("db.client.connection.wait_time").functionTimer().count());
            assertEquals(2, registry.get("db.client.connection.use_time").functionTimer().count());
            double used = registry.get("db.client.connection.use_time").functionTimer().totalTime(TimeUnit.NANOSECONDS);
            double longest = registry.get("db.client.connection.use_time.max").timeGauge().value(TimeUnit.NANOSECONDS);
            assertTrue(longest > 0 && longest <= used, "max " + longest + " of total " + used);
            assertNull(registry.find("db.client.connection.wait_time").timer(), "not a Timer");
        }
    }

    @Test
    void withTimersTheyAreMicrometerTimersAsAreHikariCPsNames() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TidepoolDataSource ds = h2("tp_metrics_choice_timers");
             TidepoolMetrics m = TidepoolMetrics.forDataSource(ds).withHikariNames().withTimers()) {
            m.bindTo(registry);
            borrowTwice(ds);
            assertEquals(2, registry.get("db.client.connection.wait_time").timer().count());
            assertEquals(2, registry.get("db.client.connection.use_time").timer().count());
            assertEquals(2, registry.get("hikaricp.connections.acquire").timer().count());
            assertEquals(2, registry.get("hikaricp.connections.usage").timer().count());
            assertNull(registry.find("db.client.connection.use_time.max").meter(), "a Timer has its own maximum");
        }
    }

    @Test
    void aFilterThatWantsPercentilesOnTheWaitTimeGetsARealTimer() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(percentilesOn("db.client.connection.wait_time"));
        try (TidepoolDataSource ds = h2("tp_metrics_choice_pct"); TidepoolMetrics m = TidepoolMetrics.bind(ds, registry)) {
            borrowTwice(ds);
            Timer wait = registry.get("db.client.connection.wait_time").timer();
            assertEquals(2, wait.count());
            assertEquals(1, wait.takeSnapshot().percentileValues().length, "the filter's percentile");
            assertEquals(2, registry.get("db.client.connection.use_time").timer().count(), "both times alike");
        }
    }

    @Test
    void aFilterOnHikariCPsNameCountsToo() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                return id.getName().equals("hikaricp.connections.usage")
                        ? DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config) : config;
            }
        });
        try (TidepoolDataSource ds = h2("tp_metrics_choice_hist");
             TidepoolMetrics m = TidepoolMetrics.forDataSource(ds).withHikariNames()) {
            m.bindTo(registry);
            borrowTwice(ds);
            String scrape = registry.scrape();
            assertTrue(scrape.contains("hikaricp_connections_usage_seconds_bucket{"), scrape);
            assertTrue(scrape.contains("db_client_connection_use_time_seconds_max{"), scrape);
            assertTrue(scrape.contains("hikaricp_connections_acquire_seconds_count{pool=\"tp_metrics_choice_hist\"} 2"), scrape);
        }
    }

    @Test
    void withoutAFilterThePrometheusSeriesAreThoseOfATimer() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (TidepoolDataSource ds = h2("tp_metrics_choice_prom"); TidepoolMetrics m = TidepoolMetrics.bind(ds, registry)) {
            borrowTwice(ds);
            String scrape = registry.scrape();
            String tag = "{db_client_connection_pool_name=\"tp_metrics_choice_prom\"}";
            for (String series : new String[] {"wait_time_seconds_count" + tag + " 2", "wait_time_seconds_sum" + tag,
                    "wait_time_seconds_max" + tag, "use_time_seconds_count" + tag + " 2", "use_time_seconds_sum" + tag,
                    "use_time_seconds_max" + tag, "# TYPE db_client_connection_use_time_seconds_max gauge"}) {
                assertTrue(scrape.contains(series.startsWith("#") ? series : "db_client_connection_" + series), series + " in\n" + scrape);
            }
            assertFalse(scrape.contains("max_seconds"), scrape);
        }
    }

    private static MeterFilter percentilesOn(String name) {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                return id.getName().equals(name)
                        ? DistributionStatisticConfig.builder().percentiles(0.99).build().merge(config) : config;
            }
        };
    }
}
