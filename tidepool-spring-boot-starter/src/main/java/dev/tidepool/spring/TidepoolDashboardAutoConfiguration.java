package dev.tidepool.spring;

import dev.tidepool.dashboard.TidepoolDashboard;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.spring.internal.DashboardStarter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

/**
 * The live dashboard ({@code tidepool-dashboard}) for every {@link TidepoolDataSource} bean, on a port
 * of its own, when {@code management.tidepool.dashboard.enabled=true} and {@code tidepool-dashboard} is
 * on the class path (the starter does not bring it). The same defaults as the standalone dashboard:
 * 127.0.0.1, a free port (logged), a random token printed once, read-only. It stops when the context
 * closes, before the pools.
 */
@AutoConfiguration(after = TidepoolDataSourceAutoConfiguration.class, afterName = {
        TidepoolDataSourceAutoConfiguration.BOOT4_DATA_SOURCE_AUTO_CONFIGURATION,
        TidepoolDataSourceAutoConfiguration.BOOT3_DATA_SOURCE_AUTO_CONFIGURATION})
@ConditionalOnClass(name = "dev.tidepool.dashboard.TidepoolDashboard")
@ConditionalOnBean(TidepoolDataSource.class)
@ConditionalOnProperty(name = DashboardStarter.PREFIX + "enabled", havingValue = "true")
public class TidepoolDashboardAutoConfiguration {

    /** The running dashboard; not lazy, so it listens from start-up even with lazy initialisation. */
    @Bean(destroyMethod = "stop")
    @Lazy(false)
    @ConditionalOnMissingBean(TidepoolDashboard.class)
    public TidepoolDashboard tidepoolDashboard(ObjectProvider<TidepoolDataSource> pools, Environment env) {
        return DashboardStarter.start(pools.orderedStream().toList(), env);
    }
}
