package dev.tidepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A service moving from HikariCP keeps its spring.datasource.hikari.* keys: they are mapped by
 * TidepoolConfig.fromHikariProperties, a key without a Tidepool meaning fails naming it, and
 * spring.datasource.tidepool.* applies over them. Issue 10.
 */
class HikariPropertiesTest {

    private static final String[] H2 = {"spring.datasource.url=jdbc:h2:mem:tp_spring_hikari;DB_CLOSE_DELAY=-1",
        "spring.datasource.username=sa"};

    @Test
    void springDatasourceHikariKeysAreMappedToTidepoolKeys() {
        BootLine.runner().withPropertyValues(H2).withPropertyValues(
                "spring.datasource.hikari.maximum-pool-size=5",
                "spring.datasource.hikari.minimum-idle=1",
                "spring.datasource.hikari.connection-timeout=8000",
                "spring.datasource.hikari.idle-timeout=120000",
                "spring.datasource.hikari.pool-name=legacy",
                "spring.datasource.hikari.auto-commit=false",
                "spring.datasource.hikari.data-source-properties.TRACE_LEVEL_FILE=0").run(context -> {
                    assertThat(context).hasNotFailed();
                    TidepoolConfig c = context.getBean(TidepoolDataSource.class).config();
                    assertThat(c.jdbcUrl()).isEqualTo("jdbc:h2:mem:tp_spring_hikari;DB_CLOSE_DELAY=-1");
                    assertThat(c.username()).isEqualTo("sa");
                    assertThat(c.maxSize()).isEqualTo(5);
                    assertThat(c.minIdle()).isEqualTo(1);
                    assertThat(c.acquireTimeout()).isEqualTo(Duration.ofSeconds(8));
                    assertThat(c.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(c.poolName()).isEqualTo("legacy");
                    assertThat(c.autoCommit()).isFalse();
                    assertThat(c.driverProperties()).containsEntry("TRACE_LEVEL_FILE", "0");
                });
    }

    @Test
    void tidepoolKeysApplyOverTheHikariOnes() {
        BootLine.runner().withPropertyValues(H2).withPropertyValues(
                "spring.datasource.hikari.maximum-pool-size=5",
                "spring.datasource.tidepool.max-size=7",
                "spring.datasource.tidepool.idle-in-transaction-threshold=3s").run(context -> {
                    TidepoolConfig c = context.getBean(TidepoolDataSource.class).config();
                    assertThat(c.maxSize()).isEqualTo(7);
                    assertThat(c.idleInTransactionThreshold()).isEqualTo(Duration.ofSeconds(3));
                });
    }

    @Test
    void aHikariKeyWithoutATidepoolMeaningStopsTheStartNamingItAndWhatToDo() {
        BootLine.runner().withPropertyValues(H2).withPropertyValues(
                "spring.datasource.hikari.exception-override-class-name=com.example.Override",
                "spring.datasource.hikari.health-check-properties.connectivityCheckTimeoutMs=1000").run(context -> {
                    assertThat(context).hasFailed();
                    String message = DataSourceAutoConfigurationTest.findCause(context.getStartupFailure(),
                            InvalidTidepoolPropertiesException.class).getMessage();
                    assertThat(message).contains("exceptionOverrideClassName has no Tidepool counterpart: remove it")
                            .contains("healthCheckProperties has no Tidepool counterpart");
                });
    }
}
