package dev.tidepool.spring;

import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.spring.internal.PoolMetricsBinder;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Tidepool's meters ({@code tidepool-micrometer}: the OpenTelemetry {@code db.client.connection.*}
 * names and Tidepool's own) for every {@link TidepoolDataSource} bean, bound by Spring Boot to its
 * meter registries, so {@code /actuator/prometheus} shows them. Present when Micrometer and
 * {@code tidepool-micrometer} are on the class path; {@code management.metrics.tidepool.hikari-names=true}
 * adds HikariCP's names ({@code hikaricp.connections...}) for dashboards built for HikariCP;
 * {@code management.metrics.tidepool.enabled=false} switches it off.
 */
@AutoConfiguration(after = TidepoolDataSourceAutoConfiguration.class, afterName = {
        TidepoolDataSourceAutoConfiguration.BOOT4_DATA_SOURCE_AUTO_CONFIGURATION,
        TidepoolDataSourceAutoConfiguration.BOOT3_DATA_SOURCE_AUTO_CONFIGURATION})
@ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry", "dev.tidepool.micrometer.TidepoolMetrics"})
@ConditionalOnBean(TidepoolDataSource.class)
@ConditionalOnProperty(name = "management.metrics.tidepool.enabled", matchIfMissing = true)
public class TidepoolMetricsAutoConfiguration {

    /** The binder; Spring Boot binds it to each registry, and closes it with the context. */
    @Bean
    @ConditionalOnMissingBean(name = "tidepoolMeterBinder")
    public PoolMetricsBinder tidepoolMeterBinder(Map<String, TidepoolDataSource> pools,
            @Value("${management.metrics.tidepool.hikari-names:false}") boolean hikariNames) {
        return new PoolMetricsBinder(pools, hikariNames);
    }
}
