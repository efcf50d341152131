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
 * {@code .driver-class-name} and {@code .name} (the pool name) as Spring Boot users know them;
 * every Tidepool key under {@code <prefix>.tidepool.*} (kebab-case, e.g. {@code max-size} for
 * {@code maxSize}, {@code driver.<name>} for driver properties); and, for a service moving from
 * HikariCP, its {@code <prefix>.hikari.*} keys, mapped by
 * {@link TidepoolConfig#fromHikariProperties(Properties)} (a HikariCP key Tidepool has no meaning
 * for fails, naming it). Tidepool's keys apply over the HikariCP ones.
 *
 * <p>For a second data source: {@code new TidepoolDataSource(TidepoolSpringConfig.from(environment, "app.reports-db"))}.
 * Setting one key twice with different values ({@code <prefix>.url} and
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
        return from(environment, prefix, Map.of());
    }

    /**
     * The configuration under {@code prefix}, with the URL, user, password and driver class of a
     * service connection ({@code connection}, by Tidepool key) in place of {@code <prefix>.url}...
     */
    static TidepoolConfig from(Environment environment, String prefix, Map<String, String> connection) {
        Binder binder = Binder.get(environment);
        Entries boot = new Entries();
        connection.forEach((key, value) -> boot.put(key, value, "the service connection"));
        BOOT_NAMES.forEach((bootName, key) -> binder.bind(prefix + "." + bootName, String.class)
                .ifBound(value -> {
                    if (!connection.containsKey(key)) {
                        boot.put(key, value, prefix + "." + bootName);
                    }
                }));
        Entries tidepool = new Entries();
        map(binder, prefix + ".tidepool").forEach((name, value) ->
                tidepool.put(SpringKeys.tidepoolKey(name), value, prefix + ".tidepool." + name));
        Entries hikari = new Entries();
        map(binder, prefix + ".hikari").forEach((name, value) ->
                hikari.put(SpringKeys.hikariKey(name), value, prefix + ".hikari." + name));
        try {
            if (hikari.values.isEmpty()) {
                return TidepoolConfig.fromProperties(boot.with(tidepool).properties());
            }
            // the four Boot names are HikariConfig's too (jdbcUrl, username, password, driverClassName, poolName)
            TidepoolConfig fromHikari = TidepoolConfig.fromHikariProperties(boot.with(hikari).properties());
            return tidepool.values.isEmpty() ? fromHikari
                    : fromHikari.toBuilder().apply(boot.with(tidepool).properties()).build();
        } catch (IllegalArgumentException e) {
            throw new InvalidTidepoolPropertiesException(prefix, e);
        }
    }

    private static Map<String, String> map(Binder binder, String name) {
        return binder.bind(name, Bindable.mapOf(String.class, String.class)).orElse(Map.of());
    }

    /** Properties by Tidepool (or HikariCP) key, remembering which Spring property set each. */
    private static final class Entries {
        final Map<String, String> values = new LinkedHashMap<>();
        final Map<String, String> origins = new LinkedHashMap<>();
        final List<String> conflicts = new ArrayList<>();

        void put(String key, String value, String origin) {
            String before = values.putIfAbsent(key, value);
            if (before == null) {
                origins.put(key, origin);
            } else if (!before.equals(value)) {
                // the values are not shown: one of them may be the password
                conflicts.add(key + " is set twice with different values, by " + origins.get(key) + " and by "
                        + origin + ": set it once");
            }
        }

        Entries with(Entries more) {
            Entries all = new Entries();
            for (Entries e : List.of(this, more)) {
                e.values.forEach((key, value) -> all.put(key, value, e.origins.get(key)));
                all.conflicts.addAll(e.conflicts);
            }
            return all;
        }

        Properties properties() {
            if (!conflicts.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", conflicts));
            }
            Properties p = new Properties();
            p.putAll(values);
            return p;
        }
    }
}
