package dev.tidepool.spring;

import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.spring.internal.OnTidepoolType;
import dev.tidepool.spring.internal.ServiceConnection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import javax.sql.XADataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * Makes the application's {@link DataSource} a {@link TidepoolDataSource} configured from
 * {@code spring.datasource.*} and {@code spring.datasource.tidepool.*} (see
 * {@link TidepoolSpringConfig}). It runs before Spring Boot's own data source configuration,
 * which then finds a data source and stands back, and it stands back itself when the
 * application defines a {@code DataSource} or sets {@code spring.datasource.type} to another
 * class.
 *
 * <p>Spring Boot moved its data source configuration in Boot 4 ({@code spring-boot-jdbc}); the
 * ordering names both classes, so one jar serves Boot 4.0 and 3.5. Closing the context closes
 * the pool, which drains: it stops lending and waits up to {@code drainTimeout} (default 10s)
 * for borrowed connections to come back before it closes them.
 */
@AutoConfiguration(beforeName = {
        TidepoolDataSourceAutoConfiguration.BOOT4_DATA_SOURCE_AUTO_CONFIGURATION,
        TidepoolDataSourceAutoConfiguration.BOOT3_DATA_SOURCE_AUTO_CONFIGURATION})
@ConditionalOnClass({DataSource.class, TidepoolDataSource.class})
@ConditionalOnMissingBean(type = "io.r2dbc.spi.ConnectionFactory")
public class TidepoolDataSourceAutoConfiguration {

    static final String BOOT4_DATA_SOURCE_AUTO_CONFIGURATION =
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";
    static final String BOOT3_DATA_SOURCE_AUTO_CONFIGURATION =
            "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration";

    /**
     * The pool. With {@code failFast} (the default) it opens a first connection here, so a wrong
     * URL or password stops the start-up with Tidepool's classified reason. A service
     * connection ({@code JdbcConnectionDetails}, e.g. from Testcontainers' {@code @ServiceConnection})
     * gives the URL, user and password instead of {@code spring.datasource.*}, as for HikariCP.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean({DataSource.class, XADataSource.class})
    @Conditional(OnTidepoolType.class)
    public TidepoolDataSource dataSource(Environment environment, ListableBeanFactory beans) throws SQLException {
        Map<String, String> connection = ServiceConnection.of(beans, getClass().getClassLoader());
        return new TidepoolDataSource(TidepoolSpringConfig.from(environment, TidepoolSpringConfig.SPRING_DATASOURCE,
                connection));
    }
}
