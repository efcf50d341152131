package dev.tidepool.benchmarks;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * Agroal with the settings Quarkus applies by default: the default {@code isValid()} validator,
 * foreground validation of connections idle for more than 500 ms (HikariCP's window), background
 * validation every 2 min, and connection reset on return.
 */
final class AgroalAdapter implements PoolAdapter {

    @Override
    public String name() {
        return "agroal";
    }

    @Override
    public DataSource create(PoolSpec spec) throws Exception {
        AgroalDataSourceConfigurationSupplier config = new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool
                        .initialSize(spec.minIdle())
                        .minSize(spec.minIdle())
                        .maxSize(spec.maxSize())
                        .acquisitionTimeout(Duration.ofSeconds(30))
                        .connectionValidator(ConnectionValidator.defaultValidator())
                        .idleValidationTimeout(Duration.ofMillis(500))
                        .validationTimeout(Duration.ofMinutes(2))
                        .connectionFactoryConfiguration(factory -> {
                            factory.jdbcUrl(spec.url());
                            if (spec.user() != null) {
                                factory.principal(new NamePrincipal(spec.user()));
                                factory.credential(new SimplePassword(spec.password() == null ? "" : spec.password()));
                            }
                            return factory;
                        }));
        return AgroalDataSource.from(config);
    }

    @Override
    public void close(DataSource dataSource) {
        ((AgroalDataSource) dataSource).close();
    }
}
