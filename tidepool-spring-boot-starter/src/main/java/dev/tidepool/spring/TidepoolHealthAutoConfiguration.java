package dev.tidepool.spring;

import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.spring.internal.Boot3HealthIndicator;
import dev.tidepool.spring.internal.Boot4HealthIndicator;
import dev.tidepool.spring.internal.PoolHealth;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code tidepool} health indicator (in {@code /actuator/health}) over every
 * {@link TidepoolDataSource} bean: DOWN with the connect failure's class and fix when a pool cannot
 * connect, UP with the counts otherwise; never the password. Switch it off with
 * {@code management.health.tidepool.enabled=false}. The indicator never borrows a connection;
 * Spring Boot's {@code db} indicator (a validation query) stays as it is.
 */
@AutoConfiguration(after = TidepoolDataSourceAutoConfiguration.class, afterName = {
        TidepoolDataSourceAutoConfiguration.BOOT4_DATA_SOURCE_AUTO_CONFIGURATION,
        TidepoolDataSourceAutoConfiguration.BOOT3_DATA_SOURCE_AUTO_CONFIGURATION})
@ConditionalOnBean(TidepoolDataSource.class)
@ConditionalOnProperty(name = "management.health.tidepool.enabled", matchIfMissing = true)
public class TidepoolHealthAutoConfiguration {

    static final String BEAN = "tidepoolHealthIndicator";

    /** Spring Boot 4: the health API is {@code spring-boot-health}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Boot4 {
        @Bean(BEAN)
        @ConditionalOnMissingBean(name = BEAN)
        Boot4HealthIndicator tidepoolHealthIndicator(Map<String, TidepoolDataSource> pools) {
            return new Boot4HealthIndicator(new PoolHealth(pools));
        }
    }

    /** Spring Boot 3: the health API is in {@code spring-boot-actuator} (and Boot 4's is absent). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnMissingClass("org.springframework.boot.health.contributor.HealthIndicator")
    static class Boot3 {
        @Bean(BEAN)
        @ConditionalOnMissingBean(name = BEAN)
        Boot3HealthIndicator tidepoolHealthIndicator(Map<String, TidepoolDataSource> pools) {
            return new Boot3HealthIndicator(new PoolHealth(pools));
        }
    }
}
