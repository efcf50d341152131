package dev.tidepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.micrometer.TidepoolMetrics;
import dev.tidepool.spring.internal.PoolMetricsBinder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;

/**
 * With Micrometer and tidepool-micrometer on the class path the context has a MeterBinder for
 * every Tidepool pool; without tidepool-micrometer, none. /actuator/prometheus end to end is in
 * the example's test. Issue 10.
 */
class MetricsTest {

    private static final String H2 = "spring.datasource.url=jdbc:h2:mem:tp_spring_metrics;DB_CLOSE_DELAY=-1";

    @Test
    void theBinderBindsThePoolsMetersToARegistryAndCloseRemovesThem() {
        BootLine.runner().withPropertyValues(H2, "spring.datasource.tidepool.pool-name=tp-spring-metrics",
                "spring.datasource.tidepool.max-size=3").run(context -> {
                    PoolMetricsBinder binder = context.getBean(PoolMetricsBinder.class);
                    SimpleMeterRegistry registry = new SimpleMeterRegistry();
                    binder.bindTo(registry);
                    try (Connection c = context.getBean(TidepoolDataSource.class).getConnection()) {
                        Gauge used = registry.get("db.client.connection.count")
                                .tag(TidepoolMetrics.POOL_NAME_TAG, "tp-spring-metrics")
                                .tag("db.client.connection.state", "used").gauge();
                        assertThat(used.value()).isEqualTo(1.0);
                        assertThat(registry.get("db.client.connection.max").gauge().value()).isEqualTo(3.0);
                    }
                    assertThat(registry.find("hikaricp.connections").meters()).isEmpty();
                    binder.close();
                    assertThat(registry.find("db.client.connection.count").meters()).isEmpty();
                });
    }

    @Test
    void hikariNamesAreAddedOnRequest() {
        BootLine.runner().withPropertyValues(H2, "management.metrics.tidepool.hikari-names=true").run(context -> {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(PoolMetricsBinder.class).bindTo(registry);
            assertThat(registry.find("hikaricp.connections").meters()).isNotEmpty();
        });
    }

    @Test
    void withoutTidepoolMicrometerThereIsNoBinder() {
        BootLine.runner().withPropertyValues(H2).withClassLoader(new FilteredClassLoader(TidepoolMetrics.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PoolMetricsBinder.class));
    }
}
