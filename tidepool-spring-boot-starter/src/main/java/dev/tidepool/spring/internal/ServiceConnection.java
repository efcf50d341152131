package dev.tidepool.spring.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * The database a service connection names (Spring Boot's {@code JdbcConnectionDetails} bean, which
 * Testcontainers' {@code @ServiceConnection} and Docker Compose support register): its URL, user,
 * password and driver class replace {@code spring.datasource.*}, as they do for HikariCP.
 *
 * <p>The interface moved package in Boot 4 and lives in the jar the starter compiles against
 * (spring-boot-autoconfigure 3.5 or spring-boot-jdbc 4.0), so it cannot be compiled against both;
 * it is looked up by name and its four public getters are called reflectively. Boot's own
 * {@code PropertiesJdbcConnectionDetails} only mirrors {@code spring.datasource.*} and is ignored.
 */
public final class ServiceConnection {

    static final String BOOT4_TYPE = "org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails";
    static final String BOOT3_TYPE = "org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails";
    private static final Map<String, String> GETTERS = Map.of(
            "getJdbcUrl", "jdbcUrl", "getUsername", "username", "getPassword", "password",
            "getDriverClassName", "driverClassName");

    private ServiceConnection() {
    }

    /** The Tidepool keys of the unique service connection in {@code beans}, or an empty map. */
    public static Map<String, String> of(ListableBeanFactory beans, ClassLoader classLoader) {
        for (String typeName : new String[] {BOOT4_TYPE, BOOT3_TYPE}) {
            if (!ClassUtils.isPresent(typeName, classLoader)) {
                continue;
            }
            Class<?> type = ClassUtils.resolveClassName(typeName, classLoader);
            Object details = beans.getBeanProvider(type).getIfUnique();
            if (details != null && !details.getClass().getSimpleName().equals("PropertiesJdbcConnectionDetails")) {
                return read(type, details);
            }
        }
        return Map.of();
    }

    private static Map<String, String> read(Class<?> type, Object details) {
        Map<String, String> keys = new LinkedHashMap<>();
        GETTERS.forEach((getter, key) -> {
            try {
                Method m = type.getMethod(getter);
                Object value = m.invoke(details);
                if (value != null) {
                    keys.put(key, value.toString());
                }
            } catch (NoSuchMethodException | IllegalAccessException e) {
                throw new IllegalStateException(type.getName() + "." + getter + "() cannot be called: " + e, e);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException(type.getName() + "." + getter + "() failed: " + e.getCause(), e.getCause());
            }
        });
        return keys;
    }
}
