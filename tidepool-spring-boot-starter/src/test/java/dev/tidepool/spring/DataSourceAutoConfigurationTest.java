package dev.tidepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidepool.jdbc.SessionReset;
import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** With the starter on the class path, spring.datasource.* makes a TidepoolDataSource. Issue 10. */
class DataSourceAutoConfigurationTest {

    private static final String H2 = "spring.datasource.url=jdbc:h2:mem:tp_spring_auto;DB_CLOSE_DELAY=-1";
    private static final String SA = "spring.datasource.username=sa";

    @Test
    void springDatasourcePropertiesCreateAWorkingTidepoolDataSource() {
        BootLine.runner().withPropertyValues(H2, SA, "spring.datasource.password=",
                "spring.datasource.driver-class-name=org.h2.Driver").run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(DataSource.class);
                    TidepoolDataSource ds = context.getBean(TidepoolDataSource.class);
                    assertThat(ds.config().jdbcUrl()).isEqualTo("jdbc:h2:mem:tp_spring_auto;DB_CLOSE_DELAY=-1");
                    assertThat(ds.config().username()).isEqualTo("sa");
                    assertThat(ds.config().driverClassName()).isEqualTo("org.h2.Driver");
                    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                         ResultSet rs = s.executeQuery("SELECT 42")) {
                        rs.next();
                        assertThat(rs.getInt(1)).isEqualTo(42);
                    }
                });
    }

    /** One value per key, each different from its default; the test fails when Tidepool gains a key it does not list. */
    private static final Map<String, String> EVERY_KEY = everyKey();

    private static Map<String, String> everyKey() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jdbc-url", "jdbc:h2:mem:tp_spring_keys;DB_CLOSE_DELAY=-1");
        m.put("username", "sa");
        m.put("password", "");
        m.put("driver-class-name", "org.h2.Driver");
        m.put("data-source-class-name", null); // the other source, exclusive with jdbc-url: its own test below
        m.put("driver.<name>", null); // set below as driver.TRACE_LEVEL_FILE
        m.put("pool-name", "orders-db");
        m.put("max-size", "7");
        m.put("min-idle", "2");
        m.put("acquire-timeout", "9s");
        m.put("validation-timeout", "2s");
        m.put("validation-query", "SELECT 1");
        m.put("idle-timeout", "5m");
        m.put("max-lifetime", "20m");
        m.put("keepalive-interval", "90s");
        m.put("leak-threshold", "30s");
        m.put("auto-commit", "false");
        m.put("transaction-isolation", "TRANSACTION_SERIALIZABLE");
        m.put("read-only", "true");
        m.put("catalog", "TP_SPRING_KEYS");
        m.put("schema", "PUBLIC");
        m.put("connection-init-sql", "SET LOCK_TIMEOUT 1000");
        m.put("fail-fast", "false");
        m.put("session-reset", "always");
        m.put("idle-in-transaction-threshold", "3s");
        m.put("pgbouncer", "off");
        m.put("drain-timeout", "4s");
        m.put("hosts", null); // a host list needs a PostgreSQL or MariaDB URL: ClusterKeysTest binds it
        m.put("target-server-type", null);
        m.put("register-mbeans", "true");
        return m;
    }

    @Test
    void everyTidepoolKeyBindsUnderSpringDatasourceTidepoolInKebabCase() {
        for (String key : TidepoolConfig.keys()) {
            assertThat(EVERY_KEY).as("this test sets every Tidepool key").containsKey(
                    dev.tidepool.spring.internal.SpringKeys.springName(key).equals("driver") ? "driver.<name>"
                            : dev.tidepool.spring.internal.SpringKeys.springName(key));
        }
        String[] properties = EVERY_KEY.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> "spring.datasource.tidepool." + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        BootLine.runner().withPropertyValues(properties)
                .withPropertyValues("spring.datasource.tidepool.driver.TRACE_LEVEL_FILE=0").run(context -> {
                    assertThat(context).hasNotFailed();
                    TidepoolConfig c = context.getBean(TidepoolDataSource.class).config();
                    assertThat(c.jdbcUrl()).isEqualTo("jdbc:h2:mem:tp_spring_keys;DB_CLOSE_DELAY=-1");
                    assertThat(c.username()).isEqualTo("sa");
                    assertThat(c.password()).isEmpty();
                    assertThat(c.driverClassName()).isEqualTo("org.h2.Driver");
                    assertThat(c.driverProperties()).containsEntry("TRACE_LEVEL_FILE", "0");
                    assertThat(c.poolName()).isEqualTo("orders-db");
                    assertThat(c.maxSize()).isEqualTo(7);
                    assertThat(c.minIdle()).isEqualTo(2);
                    assertThat(c.acquireTimeout()).isEqualTo(Duration.ofSeconds(9));
                    assertThat(c.validationTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(c.validationQuery()).isEqualTo("SELECT 1");
                    assertThat(c.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(c.maxLifetime()).isEqualTo(Duration.ofMinutes(20));
                    assertThat(c.keepaliveInterval()).isEqualTo(Duration.ofSeconds(90));
                    assertThat(c.leakThreshold()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(c.autoCommit()).isFalse();
                    assertThat(c.transactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
                    assertThat(c.readOnly()).isTrue();
                    assertThat(c.catalog()).isEqualTo("TP_SPRING_KEYS");
                    assertThat(c.schema()).isEqualTo("PUBLIC");
                    assertThat(c.connectionInitSql()).isEqualTo("SET LOCK_TIMEOUT 1000");
                    assertThat(c.failFast()).isFalse();
                    assertThat(c.sessionReset()).isEqualTo(SessionReset.ALWAYS);
                    assertThat(c.idleInTransactionThreshold()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(c.drainTimeout()).isEqualTo(Duration.ofSeconds(4));
                    assertThat(c.registerMbeans()).isTrue();
                    assertThat(c.pgbouncer()).isEqualTo(dev.tidepool.jdbc.PgBouncerMode.OFF);
                });
    }

    @Test
    void aDataSourceClassNameIsTheSourceWhenNoUrlIsSet() {
        BootLine.runner().withPropertyValues(
                "spring.datasource.tidepool.data-source-class-name=org.h2.jdbcx.JdbcDataSource",
                "spring.datasource.tidepool.driver.URL=jdbc:h2:mem:tp_spring_dscn;DB_CLOSE_DELAY=-1",
                "spring.datasource.username=sa").run(context -> {
                    assertThat(context).hasNotFailed();
                    TidepoolDataSource ds = context.getBean(TidepoolDataSource.class);
                    assertThat(ds.config().dataSourceClassName()).isEqualTo("org.h2.jdbcx.JdbcDataSource");
                    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                         ResultSet rs = s.executeQuery("SELECT DATABASE()")) {
                        rs.next();
                        assertThat(rs.getString(1)).isEqualToIgnoringCase("tp_spring_dscn");
                    }
                });
    }

    @Test
    void camelCaseAndEnvironmentVariableSpellingsBindTheSameKeys() {
        BootLine.runner().withPropertyValues(H2, SA, "spring.datasource.tidepool.maxSize=4",
                "spring.datasource.tidepool.acquiretimeout=8s", "spring.datasource.tidepool.min_idle=1").run(context -> {
                    TidepoolConfig c = context.getBean(TidepoolDataSource.class).config();
                    assertThat(c.maxSize()).isEqualTo(4);
                    assertThat(c.acquireTimeout()).isEqualTo(Duration.ofSeconds(8));
                    assertThat(c.minIdle()).isEqualTo(1);
                });
    }

    @Test
    void springDatasourceNameNamesThePoolUnlessPoolNameIsSet() {
        BootLine.runner().withPropertyValues(H2, SA, "spring.datasource.name=orders").run(context ->
                assertThat(context.getBean(TidepoolDataSource.class).poolName()).isEqualTo("orders"));
    }

    @Test
    void aBadValueStopsTheStartWithTidepoolsMessageNamingTheKey() {
        BootLine.runner().withPropertyValues(H2, SA, "spring.datasource.password=s3cret-pw",
                "spring.datasource.tidepool.max-size=0").run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    assertThat(failure).hasRootCauseInstanceOf(IllegalArgumentException.class);
                    InvalidTidepoolPropertiesException e = findCause(failure, InvalidTidepoolPropertiesException.class);
                    assertThat(e.getMessage()).contains("spring.datasource.tidepool.*").contains("maxSize (0)")
                            .doesNotContain("s3cret-pw");
                });
    }

    @Test
    void anUnknownKeyFailsWithTidepoolsSuggestion() {
        BootLine.runner().withPropertyValues(H2, SA, "spring.datasource.tidepool.max-pool-size=5").run(context -> {
            assertThat(context).hasFailed();
            assertThat(findCause(context.getStartupFailure(), InvalidTidepoolPropertiesException.class).getMessage())
                    .contains("maxPoolSize").contains("did you mean 'maxSize'");
        });
    }

    @Test
    void aKeySetTwiceWithDifferentValuesFailsWithoutShowingTheValues() {
        BootLine.runner().withPropertyValues(H2, SA, "spring.datasource.password=first-secret",
                "spring.datasource.tidepool.password=second-secret").run(context -> {
                    assertThat(context).hasFailed();
                    String message = findCause(context.getStartupFailure(), InvalidTidepoolPropertiesException.class)
                            .getMessage();
                    assertThat(message).contains("password is set twice", "spring.datasource.password",
                            "spring.datasource.tidepool.password").doesNotContain("first-secret", "second-secret");
                });
    }

    @Test
    void aMissingUrlFailsNamingJdbcUrl() {
        BootLine.runner().run(context -> {
            assertThat(context).hasFailed();
            assertThat(findCause(context.getStartupFailure(), InvalidTidepoolPropertiesException.class).getMessage())
                    .contains("jdbcUrl");
        });
    }

    @Test
    void springDatasourceTypeTidepoolDataSourceSelectsTidepool() {
        BootLine.runner().withPropertyValues(H2, SA, "spring.datasource.type=dev.tidepool.jdbc.TidepoolDataSource")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(TidepoolDataSource.class));
    }

    @Test
    void anotherSpringDatasourceTypeIsLeftToSpringBootsDataSourceBuilder() {
        BootLine.runner().withPropertyValues(H2, SA, "spring.datasource.type=" + SimpleDriverDataSource.class.getName())
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(DataSource.class)
                            .doesNotHaveBean(TidepoolDataSource.class);
                    assertThat(context.getBean(DataSource.class)).isInstanceOf(SimpleDriverDataSource.class);
                });
    }

    @Test
    void anApplicationsOwnDataSourceIsKept() {
        BootLine.runner().withPropertyValues(H2, SA).withUserConfiguration(OwnDataSource.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(DataSource.class).doesNotHaveBean(TidepoolDataSource.class);
            assertThat(context.getBean(DataSource.class)).isInstanceOf(SimpleDriverDataSource.class);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnDataSource {
        @Bean
        DataSource ownDataSource() {
            SimpleDriverDataSource ds = new SimpleDriverDataSource();
            ds.setUrl("jdbc:h2:mem:tp_spring_own");
            return ds;
        }
    }

    static <T extends Throwable> T findCause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in the causes of " + t, t);
    }
}
