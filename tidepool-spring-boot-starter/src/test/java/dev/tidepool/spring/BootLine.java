package dev.tidepool.spring;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.ClassUtils;

/**
 * The Spring Boot line these tests run on (4.0 in this module, 3.5 in tidepool-spring-boot3-tests):
 * the same test sources serve both, so the few classes that moved in Boot 4 are found by name.
 */
final class BootLine {

    private BootLine() {
    }

    static boolean isBoot4() {
        return ClassUtils.isPresent(TidepoolDataSourceAutoConfiguration.BOOT4_DATA_SOURCE_AUTO_CONFIGURATION, null);
    }

    /** Spring Boot's own DataSourceAutoConfiguration, which Tidepool's must run before. */
    static Class<?> bootDataSourceAutoConfiguration() {
        return load(isBoot4() ? TidepoolDataSourceAutoConfiguration.BOOT4_DATA_SOURCE_AUTO_CONFIGURATION
                : TidepoolDataSourceAutoConfiguration.BOOT3_DATA_SOURCE_AUTO_CONFIGURATION);
    }

    /** The HealthIndicator interface of this line. */
    static Class<?> healthIndicatorType() {
        return load(isBoot4() ? "org.springframework.boot.health.contributor.HealthIndicator"
                : "org.springframework.boot.actuate.health.HealthIndicator");
    }

    /** Spring Boot's JdbcConnectionDetails interface of this line (what a service connection registers). */
    static Class<?> jdbcConnectionDetailsType() {
        return load(isBoot4() ? "org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails"
                : "org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails");
    }

    /** A context with Tidepool's auto-configuration and Spring Boot's data source configuration, in Boot's order. */
    static ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
                bootDataSourceAutoConfiguration(), TidepoolDataSourceAutoConfiguration.class,
                TidepoolHealthAutoConfiguration.class, TidepoolMetricsAutoConfiguration.class,
                TidepoolDashboardAutoConfiguration.class));
    }

    private static Class<?> load(String name) {
        try {
            return ClassUtils.forName(name, null);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("not on the test class path: " + name, e);
        }
    }
}
