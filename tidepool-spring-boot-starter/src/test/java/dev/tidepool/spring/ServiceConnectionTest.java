package dev.tidepool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A service connection (Spring Boot's JdbcConnectionDetails bean, as Testcontainers'
 * @ServiceConnection registers it) gives the URL, user and password, over spring.datasource.*;
 * Tidepool's keys still apply. Issue 10.
 */
class ServiceConnectionTest {

    /** A JdbcConnectionDetails of this Boot line (its package differs between 3.5 and 4.0, so a proxy). */
    private static Object details(Map<String, String> values) {
        Class<?> type = BootLine.jdbcConnectionDetailsType();
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("toString") ? "test connection details" : null;
            }
            return values.get(method.getName());
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void aServiceConnectionsUrlAndCredentialsReplaceSpringDatasourceProperties() {
        Object details = details(Map.of("getJdbcUrl", "jdbc:h2:mem:tp_spring_sc;DB_CLOSE_DELAY=-1",
                "getUsername", "sa", "getPassword", "", "getDriverClassName", "org.h2.Driver"));
        BootLine.runner()
                .withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/not-this-one",
                        "spring.datasource.tidepool.max-size=3")
                .withBean("testConnectionDetails", (Class<Object>) BootLine.jdbcConnectionDetailsType(), () -> details)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    TidepoolConfig c = context.getBean(TidepoolDataSource.class).config();
                    assertThat(c.jdbcUrl()).isEqualTo("jdbc:h2:mem:tp_spring_sc;DB_CLOSE_DELAY=-1");
                    assertThat(c.username()).isEqualTo("sa");
                    assertThat(c.driverClassName()).isEqualTo("org.h2.Driver");
                    assertThat(c.maxSize()).isEqualTo(3);
                });
    }
}
