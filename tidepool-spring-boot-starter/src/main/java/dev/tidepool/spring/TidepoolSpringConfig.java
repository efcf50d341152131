package dev.tidepool.spring;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.spring.internal.SpringKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Reads a {@link TidepoolConfig} from Spring properties, the way the auto-configuration does for
 * {@code spring.datasource}: {@code <prefix>.url}, {@code .username}, {@code .password},
 * {@code .driver-class-name} and {@code .name} (the pool name) as Spring Boot users know them,
 * and every Tidepool key under {@code <prefix>.tidepool.*} (kebab-case, e.g. {@code max-size}
 * for {@code maxSize}, {@code driver.<name>} for driver properties). Use it for a second data
 * source: {@code new TidepoolDataSource(TidepoolSpringConfig.from(environment, "app.reports-db"))}.
 *
 * <p>Setting one key twice with different values ({@code <prefix>.url} and
 * {@code <prefix>.tidepool.jdbc-url}, or {@code max-size} and {@code maxSize}) fails instead of
 * picking one silently.
 */
public final class TidepoolSpringConfig {

    /** Where Spring Boot keeps the data source's properties. */
    public static final String SPRING_DATASOURCE = "spring.datasource";

    private static final Map<String, String> BOOT_NAMES = Map.of(
            "url", "jdbcUrl", "username", "username", "password", "password",
            "driver-class-name", "driverClassName", "name", "poolName");

    private TidepoolSpringConfig() {
    }

    /** The configuration under {@code spring.datasource}. */
    public static TidepoolConfig from(Environment environment) {
        return from(environment, SPRING_DATASOURCE);
    }

    /**
     * The configuration under {@code prefix}.
     *
     * @throws InvalidTidepoolPropertiesException naming every bad key and value (Tidepool's own
     *         message, which never contains the password), and how the Spring names map to keys
     */
    public static TidepoolConfig from(Environment environment, String prefix) {
        Properties properties = properties(Binder.get(environment), prefix);
        try {
            return TidepoolConfig.fromProperties(properties);
        } catch (IllegalArgumentException e) {
            throw new InvalidTidepoolPropertiesException(prefix, e);
        }
    }

    /** The Tidepool properties that {@code prefix} holds, by Tidepool key. */
    static Properties properties(Binder binder, String prefix) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        List<String> conflicts = new ArrayList<>();
        BOOT_NAMES.forEach((bootName, key) -> binder.bind(prefix + "." + bootName, String.class)
                .ifBound(value -> put(values, origins, conflicts, key, value, prefix + "." + bootName)));
        Map<String, String> tidepool = binder.bind(prefix + ".tidepool", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        tidepool.forEach((name, value) -> put(values, origins, conflicts, SpringKeys.tidepoolKey(name), value,
                prefix + ".tidepool." + name));
        if (!conflicts.isEmpty()) {
            throw new InvalidTidepoolPropertiesException(prefix, new IllegalArgumentException(String.join("; ", conflicts)));
        }
        Properties p = new Properties();
        p.putAll(values);
        return p;
    }

    private static void put(Map<String, String> values, Map<String, String> origins, List<String> conflicts,
                            String key, String value, String origin) {
        String before = values.putIfAbsent(key, value);
        if (before != null && !before.equals(value)) {
            // the values are not shown: one of them may be the password
            conflicts.add(key + " is set twice with different values, by " + origins.get(key) + " and by "
                    + origin + ": set it once");
        } else if (before == null) {
            origins.put(key, origin);
        }
    }
}
