package dev.tidepool.jdbc.internal.config;

import dev.tidepool.jdbc.TidepoolConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The one table of HikariCP's configuration keys (every property of {@code HikariConfig}, 7.1)
 * and what each becomes in Tidepool. It drives {@code TidepoolConfig.fromHikariProperties}, the
 * hint for a HikariCP key given to {@code fromProperties}, and docs/migrating-from-hikaricp.md
 * (checked against it by a test). Public for {@code TidepoolConfig}; not API.
 */
public final class HikariKeys {

    /** What becomes of a HikariCP key. */
    public enum Treatment {
        /** The same name and meaning in Tidepool. */
        SAME,
        /** Another name, the same meaning and value. */
        RENAMED,
        /** Another name, or the same, taking HikariCP's milliseconds (Tidepool reads a bare number as milliseconds). */
        MILLISECONDS,
        /** The value is translated: the note says how, and what differs. */
        CONVERTED,
        /** Accepted and dropped: Tidepool always behaves as the note says. */
        NOT_NEEDED,
        /** Refused: Tidepool has no counterpart; the note says what to do instead. */
        NO_COUNTERPART
    }

    /** One row: HikariCP's key, its treatment, the Tidepool key (null when none) and a note. */
    public record Key(String hikari, Treatment treatment, String tidepool, String note) {
    }

    private static final String DS_PREFIX = "dataSource.";

    private static final List<Key> TABLE = List.of(
            key("jdbcUrl", Treatment.SAME, "jdbcUrl", ""),
            key("username", Treatment.SAME, "username", ""),
            key("password", Treatment.SAME, "password", "never printed"),
            key("credentials", Treatment.NO_COUNTERPART, null,
                    "set username and password; for other users call getConnection(user, password)"),
            key("credentialsProvider", Treatment.NO_COUNTERPART, null,
                    "set username and password; to rotate them, build a new TidepoolDataSource and close the old one (it drains)"),
            key("credentialsProviderClassName", Treatment.NO_COUNTERPART, null,
                    "set username and password; to rotate them, build a new TidepoolDataSource and close the old one (it drains)"),
            key("driverClassName", Treatment.SAME, "driverClassName", "only with jdbcUrl"),
            key("dataSourceClassName", Treatment.SAME, "dataSourceClassName", "exactly one of jdbcUrl, dataSourceClassName, dataSource"),
            key("dataSource.<name>", Treatment.RENAMED, "driver.<name>",
                    "a JavaBean property of dataSourceClassName, or a driver property with jdbcUrl"),
            key("dataSourceProperties", Treatment.RENAMED, "driver.<name>",
                    "a Map put by code: each entry becomes driver.<name>; in text write dataSource.<name> (or driver.<name>)"),
            key("dataSource", Treatment.SAME, "dataSource",
                    "a DataSource object put by code; TidepoolConfig.builder().dataSource(ds)"),
            key("dataSourceJNDI", Treatment.NO_COUNTERPART, null,
                    "look the DataSource up yourself (new InitialContext().lookup(name)) and pass it to builder().dataSource(ds)"),
            key("poolName", Treatment.SAME, "poolName", ""),
            key("maximumPoolSize", Treatment.RENAMED, "maxSize", ""),
            key("minimumIdle", Treatment.RENAMED, "minIdle", "default = maxSize, as HikariCP"),
            key("connectionTimeout", Treatment.MILLISECONDS, "acquireTimeout",
                    "HikariCP's 0 (wait forever) is refused: Tidepool always bounds the wait"),
            key("validationTimeout", Treatment.MILLISECONDS, "validationTimeout",
                    "must be < acquireTimeout (HikariCP lowers it silently; Tidepool says so)"),
            key("idleTimeout", Treatment.MILLISECONDS, "idleTimeout", "0 = never, as HikariCP"),
            key("maxLifetime", Treatment.MILLISECONDS, "maxLifetime", "0 = never; at least 30s, as HikariCP"),
            key("keepaliveTime", Treatment.MILLISECONDS, "keepaliveInterval", "0 = off; must be < maxLifetime"),
            key("leakDetectionThreshold", Treatment.MILLISECONDS, "leakThreshold", "0 = off"),
            key("connectionTestQuery", Treatment.RENAMED, "validationQuery", "only for drivers without a working isValid"),
            key("connectionInitSql", Treatment.SAME, "connectionInitSql", ""),
            key("transactionIsolation", Treatment.SAME, "transactionIsolation",
                    "TRANSACTION_READ_COMMITTED etc. as HikariCP; TRANSACTION_NONE and vendor levels are refused"),
            key("autoCommit", Treatment.SAME, "autoCommit", ""),
            key("readOnly", Treatment.SAME, "readOnly", ""),
            key("catalog", Treatment.SAME, "catalog", ""),
            key("schema", Treatment.SAME, "schema", ""),
            key("initializationFailTimeout", Treatment.CONVERTED, "failFast",
                    "> 0 becomes failFast=true (the first connection is awaited for acquireTimeout, not for this value); "
                    + "0 or less becomes failFast=false (no first attempt: HikariCP's 0 tries once and starts anyway)"),
            key("initializationFailFast", Treatment.RENAMED, "failFast", "HikariCP before 2.5"),
            key("registerMbeans", Treatment.SAME, "registerMbeans", "an MXBean under dev.tidepool:type=Pool,name=<poolName>"),
            key("allowPoolSuspension", Treatment.NOT_NEEDED, null,
                    "suspend() and resume() are always there, on TidepoolDataSource and its MXBean (registerMbeans)"),
            key("isolateInternalQueries", Treatment.NOT_NEEDED, null,
                    "Tidepool always rolls back after its own validation query when autoCommit is off"),
            key("jdbc4ConnectionTest", Treatment.NOT_NEEDED, null,
                    "Tidepool validates with Connection.isValid unless validationQuery is set"),
            key("metricRegistry", Treatment.NO_COUNTERPART, null,
                    "use tidepool-micrometer (TidepoolMetrics.bind(dataSource, registry)), or a PoolListener"),
            key("metricsTrackerFactory", Treatment.NO_COUNTERPART, null,
                    "use tidepool-micrometer (TidepoolMetrics.bind(dataSource, registry)), or a PoolListener"),
            key("healthCheckRegistry", Treatment.NO_COUNTERPART, null,
                    "check health with dataSource.stats() and dataSource.diagnose(), or the Spring Boot starter's health indicator"),
            key("healthCheckProperties", Treatment.NO_COUNTERPART, null,
                    "check health with dataSource.stats() and dataSource.diagnose(), or the Spring Boot starter's health indicator"),
            key("scheduledExecutor", Treatment.NO_COUNTERPART, null,
                    "remove it: Tidepool runs its housekeeping on its own thread, named after poolName, stopped by close()"),
            key("threadFactory", Treatment.NO_COUNTERPART, null,
                    "remove it: Tidepool's threads are daemon threads named after poolName, stopped by close()"),
            key("exceptionOverrideClassName", Treatment.NO_COUNTERPART, null,
                    "remove it: Tidepool classifies broken connections by SQLState and vendor codes; "
                    + "report an error it misjudges with its SQLState and error code"),
            key("exceptionOverride", Treatment.NO_COUNTERPART, null,
                    "remove it: Tidepool classifies broken connections by SQLState and vendor codes; "
                    + "report an error it misjudges with its SQLState and error code"));

    private static final Map<String, Key> BY_NAME = index();

    private HikariKeys() {
    }

    private static Key key(String hikari, Treatment treatment, String tidepool, String note) {
        return new Key(hikari, treatment, tidepool, note);
    }

    private static Map<String, Key> index() {
        Map<String, Key> m = new LinkedHashMap<>();
        for (Key k : TABLE) {
            if (m.put(normalized(k.hikari()), k) != null) {
                throw new IllegalStateException("HikariCP key listed twice: " + k.hikari());
            }
        }
        return m;
    }

    /** Every row, in the table's order. */
    public static List<Key> all() {
        return TABLE;
    }

    /** Case, '-' and '_' do not matter, so Spring's {@code maximum-pool-size} is found too. */
    private static String normalized(String key) {
        return key.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    /**
     * The hint for {@code unknown}, given to {@code fromProperties}, when it is a HikariCP key Tidepool
     * names otherwise or does not have: {@code ; did you mean 'failFast'? (...)} or
     * {@code : HikariCP's scheduledExecutor has no Tidepool counterpart: ...}; null when it is not one.
     */
    static String hint(String unknown) {
        String name = unknown.strip();
        Key k = BY_NAME.get(normalized(name));
        int dot = name.lastIndexOf('.');
        if (k == null && dot >= 0 && !name.regionMatches(true, 0, DS_PREFIX, 0, DS_PREFIX.length())) {
            k = BY_NAME.get(normalized(name.substring(dot + 1))); // spring.datasource.hikari.maximum-pool-size
        }
        if (k == null) {
            return null;
        }
        switch (k.treatment()) {
            case NOT_NEEDED:
                return ": HikariCP's " + k.hikari() + " is not needed: " + k.note() + "; remove it";
            case NO_COUNTERPART:
                return ": HikariCP's " + k.hikari() + " has no Tidepool counterpart: " + k.note();
            case SAME: // only the dataSource object is not a Properties key in Tidepool
                return TidepoolConfig.keys().contains(k.tidepool()) ? null : ": HikariCP's " + k.hikari()
                        + " is an object: pass it to TidepoolConfig.builder().dataSource(ds), or set dataSourceClassName";
            case CONVERTED:
                return "; did you mean '" + k.tidepool() + "'? (HikariCP's " + k.hikari() + " > 0 is "
                        + k.tidepool() + "=true, 0 or less " + k.tidepool() + "=false)";
            default:
                return "; did you mean '" + k.tidepool() + "'?";
        }
    }

    /**
     * Reads HikariCP {@code properties} into a builder: every key must be one of the table's,
     * {@code dataSource.<name>} included; {@code dataSourceProperties} (a Map) and
     * {@code dataSource} (a DataSource) may be objects put by code.
     *
     * @throws IllegalArgumentException listing every problem, each naming the HikariCP key
     */
    public static TidepoolConfig.Builder toBuilder(Properties properties) {
        if (properties == null) {
            throw new IllegalArgumentException("properties (null) must not be null: pass an empty Properties for the defaults");
        }
        Map<String, Object> entries = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            entries.put(name, properties.getProperty(name));
        }
        for (Map.Entry<Object, Object> e : properties.entrySet()) {
            entries.putIfAbsent(String.valueOf(e.getKey()), e.getValue());
        }
        Problems problems = new Problems();
        Properties tidepool = new Properties();
        TidepoolConfig.Builder builder = TidepoolConfig.builder();
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            try {
                translate(e.getKey(), e.getValue(), tidepool, builder);
            } catch (IllegalArgumentException failure) {
                problems.add(failure);
            }
        }
        try {
            PropertyBinder.bind(tidepool, builder);
        } catch (IllegalArgumentException failure) {
            problems.add(failure);
        }
        problems.throwIfAny();
        return builder;
    }

    private static void translate(String key, Object value, Properties out, TidepoolConfig.Builder builder) {
        if (key.startsWith(DS_PREFIX)) {
            out.put("driver." + key.substring(DS_PREFIX.length()), String.valueOf(value));
            return;
        }
        Key k = BY_NAME.get(normalized(key));
        if (k == null || !k.hikari().equals(key)) {
            String near = k != null ? k.hikari() : Suggestions.closest(key, BY_NAME.values().stream().map(Key::hikari).toList());
            throw new IllegalArgumentException("unknown HikariCP key " + Values.quote(key)
                    + (near != null ? "; did you mean '" + near + "'?" : ": see docs/migrating-from-hikaricp.md"));
        }
        switch (k.treatment()) {
            case NO_COUNTERPART:
                throw new IllegalArgumentException(key + " has no Tidepool counterpart: " + k.note());
            case NOT_NEEDED:
                if (value instanceof String) {
                    Values.parseBoolean(key, (String) value); // a typo in the value is still an error
                }
                return;
            case MILLISECONDS:
                out.put(k.tidepool(), millis(key, value) + "ms");
                return;
            case CONVERTED: // initializationFailTimeout
                out.put(k.tidepool(), String.valueOf(longValue(key, value) > 0));
                return;
            default:
                break;
        }
        switch (key) {
            case "dataSource":
                if (!(value instanceof DataSource)) {
                    throw new IllegalArgumentException("dataSource must be a javax.sql.DataSource object put by code"
                            + ": in text use dataSourceClassName with dataSource.<name> properties");
                }
                builder.dataSource((DataSource) value);
                return;
            case "dataSourceProperties":
                if (!(value instanceof Map)) {
                    throw new IllegalArgumentException("dataSourceProperties must be a Map put by code: in text write "
                            + "each property as dataSource.<name>=value");
                }
                ((Map<?, ?>) value).forEach((n, v) -> out.put("driver." + n, String.valueOf(v)));
                return;
            default:
                break;
        }
        out.put(k.tidepool(), String.valueOf(value));
    }

    /** HikariCP's milliseconds, checked for what Tidepool cannot mean. */
    private static long millis(String key, Object value) {
        long ms = longValue(key, value);
        if (ms < 0) {
            throw new IllegalArgumentException(key + " (" + ms + ") must be >= 0 milliseconds");
        }
        if (ms == 0 && key.equals("connectionTimeout")) {
            throw new IllegalArgumentException("connectionTimeout (0) means wait forever in HikariCP; Tidepool never "
                    + "waits forever: set the longest wait in milliseconds, e.g. 30000");
        }
        if (ms == 0 && key.equals("validationTimeout")) {
            throw new IllegalArgumentException("validationTimeout (0) must be > 0 milliseconds: a validation must never hang");
        }
        return ms;
    }

    private static long longValue(String key, Object value) {
        if (value instanceof Number) {
            return ((Number) value).longValue();
        }
        String text = String.valueOf(value).strip();
        if (!text.matches("[+-]?[0-9]{1,18}")) {
            throw new IllegalArgumentException(key + " (" + Values.quote(String.valueOf(value))
                    + ") is not a whole number of milliseconds, as HikariCP takes it");
        }
        return Long.parseLong(text);
    }
}
