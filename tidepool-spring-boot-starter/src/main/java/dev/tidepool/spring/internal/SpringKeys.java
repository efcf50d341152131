package dev.tidepool.spring.internal;

import dev.tidepool.jdbc.TidepoolConfig;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Translates between the spellings Spring Boot accepts under {@code spring.datasource.tidepool.*}
 * and Tidepool's own keys. Spring users write {@code max-size} (properties, YAML),
 * {@code maxSize}, or {@code MAXSIZE} (environment variables, which the binder hands over as
 * {@code maxsize}); all of them mean {@code maxSize}. The table is {@link TidepoolConfig#keys()},
 * so a key added to Tidepool is accepted here without a change.
 */
public final class SpringKeys {

    /** Tidepool's family key for driver properties, and its prefix. */
    public static final String DRIVER_FAMILY = "driver.<name>";
    private static final String DRIVER_PREFIX = "driver.";

    private static final Map<String, String> BY_CANONICAL = byCanonical();

    private SpringKeys() {
    }

    private static Map<String, String> byCanonical() {
        Map<String, String> m = new HashMap<>();
        for (String key : TidepoolConfig.keys()) {
            if (!key.equals(DRIVER_FAMILY)) {
                m.put(canonical(key), key);
            }
        }
        return Map.copyOf(m);
    }

    /**
     * The Tidepool key for a name under {@code spring.datasource.tidepool.}: {@code max-size},
     * {@code maxSize} and {@code maxsize} give {@code maxSize}; {@code driver.sslmode} stays as it is
     * (driver property names are the driver's, case and all). A name that is no key is returned in
     * camel case, so Tidepool's "unknown key; did you mean" message can suggest the right one.
     */
    public static String tidepoolKey(String springName) {
        if (springName.regionMatches(true, 0, DRIVER_PREFIX, 0, DRIVER_PREFIX.length())) {
            return DRIVER_PREFIX + springName.substring(DRIVER_PREFIX.length());
        }
        String key = BY_CANONICAL.get(canonical(springName));
        return key != null ? key : camel(springName);
    }

    /**
     * The HikariCP key for a name under {@code spring.datasource.hikari.}, as Spring Boot binds
     * them to {@code HikariDataSource}: {@code maximum-pool-size} is {@code maximumPoolSize}, and
     * {@code data-source-properties.<name>} is HikariCP's {@code dataSource.<name>}; an entry of
     * another of its maps ({@code health-check-properties.<name>}) gives that map's key.
     */
    public static String hikariKey(String springName) {
        for (String map : new String[] {"data-source-properties.", "dataSourceProperties.", "datasourceproperties."}) {
            if (springName.startsWith(map)) {
                return "dataSource." + springName.substring(map.length());
            }
        }
        int dot = springName.indexOf('.');
        // another map of HikariConfig (health-check-properties.<name>): its key, which HikariCP's table refuses by name
        return camel(dot < 0 ? springName : springName.substring(0, dot));
    }

    /** The kebab-case name Spring's metadata uses for {@code key}: {@code maxSize} is {@code max-size}; the driver family is {@code driver}. */
    public static String springName(String key) {
        if (key.equals(DRIVER_FAMILY)) {
            return "driver";
        }
        StringBuilder out = new StringBuilder(key.length() + 4);
        for (char c : key.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String canonical(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static String camel(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '-' || c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
