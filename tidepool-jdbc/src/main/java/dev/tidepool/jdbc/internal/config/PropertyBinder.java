package dev.tidepool.jdbc.internal.config;

import dev.tidepool.jdbc.PgBouncerMode;
import dev.tidepool.jdbc.TidepoolConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads {@link Properties} into a {@link TidepoolConfig.Builder}. Every key must be one of
 * {@link TidepoolConfig#keys()} or start with {@code driver.}; every problem (unknown key, text
 * that is not a value of the key's type) is collected and reported in one
 * {@link IllegalArgumentException}. Values are trimmed, except {@code username} and
 * {@code password} and {@code driver.*} values, which are taken verbatim because spaces can be
 * part of a credential.
 * Public so that {@code TidepoolConfig} can call it; not API.
 */
public final class PropertyBinder {

    private static final String DRIVER_PREFIX = "driver.";

    private PropertyBinder() {
    }

    /** Applies {@code properties} to {@code builder}; throws if any entry is wrong. */
    public static TidepoolConfig.Builder bind(Properties properties, TidepoolConfig.Builder builder) {
        if (properties == null) {
            throw new IllegalArgumentException("properties (null) must not be null: pass an empty Properties for the defaults");
        }
        Map<String, String> entries = flatten(properties);
        Problems problems = new Problems();
        List<String> known = new ArrayList<>(TidepoolConfig.keys());
        known.remove("driver.<name>");
        for (String key : known) { // in table order, so messages list problems in a stable order
            String value = entries.remove(key);
            if (value != null) {
                try {
                    apply(builder, key, value);
                } catch (IllegalArgumentException e) {
                    problems.add(e);
                }
            }
        }
        for (Map.Entry<String, String> e : entries.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(DRIVER_PREFIX)) {
                builder.driverProperty(key.substring(DRIVER_PREFIX.length()), e.getValue());
            } else {
                problems.add(unknownKey(key, known));
            }
        }
        problems.throwIfAny();
        return builder;
    }

    /** Every entry as text, sorted; non-text keys and values (put() by code) are read with toString. */
    private static Map<String, String> flatten(Properties properties) {
        Map<String, String> entries = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) { // includes the Properties' defaults
            entries.put(name, properties.getProperty(name));
        }
        for (Map.Entry<Object, Object> e : properties.entrySet()) {
            entries.putIfAbsent(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
        }
        return entries;
    }

    /** The value is never shown: under a misspelled key it may well be a password. */
    private static String unknownKey(String key, List<String> known) {
        String hikari = HikariKeys.hint(key); // a HikariCP key: its real counterpart, not the nearest spelling
        if (hikari != null) {
            return "unknown key " + Values.quote(key) + hikari;
        }
        String suggestion = Suggestions.closest(key, known);
        return "unknown key " + Values.quote(key) + (suggestion == null
                ? ": see TidepoolConfig.keys() for the known keys, or use driver.<name> for a driver property"
                : "; did you mean '" + suggestion + "'?");
    }

    private static void apply(TidepoolConfig.Builder b, String key, String raw) {
        String v = raw.strip();
        switch (key) {
            case "jdbcUrl": b.jdbcUrl(v); break;
            case "hosts": b.hosts(v); break;
            case "targetServerType": b.targetServerType(dev.tidepool.jdbc.TargetServerType.parse(key, v)); break;
            case "username": b.username(raw); break;
            case "password": b.password(raw); break;
            case "driverClassName": b.driverClassName(v); break;
            case "dataSourceClassName": b.dataSourceClassName(v); break;
            case "poolName": b.poolName(v); break;
            case "maxSize": b.maxSize(Values.parseInt(key, v)); break;
            case "minIdle": b.minIdle(Values.parseInt(key, v)); break;
            case "acquireTimeout": b.acquireTimeout(Durations.parse(key, v)); break;
            case "validationTimeout": b.validationTimeout(Durations.parse(key, v)); break;
            case "validationQuery": b.validationQuery(v); break;
            case "idleTimeout": b.idleTimeout(Durations.parse(key, v)); break;
            case "maxLifetime": b.maxLifetime(Durations.parse(key, v)); break;
            case "keepaliveInterval": b.keepaliveInterval(Durations.parse(key, v)); break;
            case "leakThreshold": b.leakThreshold(Durations.parse(key, v)); break;
            case "autoCommit": b.autoCommit(Values.parseBoolean(key, v)); break;
            case "transactionIsolation": b.transactionIsolation(Values.parseIsolation(key, v)); break;
            case "readOnly": b.readOnly(Values.parseBoolean(key, v)); break;
            case "catalog": b.catalog(v); break;
            case "schema": b.schema(v); break;
            case "connectionInitSql": b.connectionInitSql(v); break;
            case "failFast": b.failFast(Values.parseBoolean(key, v)); break;
            case "sessionReset": b.sessionReset(Values.parseSessionReset(key, v)); break;
            case "idleInTransactionThreshold": b.idleInTransactionThreshold(Durations.parse(key, v)); break;
            case "drainTimeout": b.drainTimeout(Durations.parse(key, v)); break;
            case "pgbouncer": b.pgbouncer(Values.parseMode(key, v, PgBouncerMode.class)); break;
            case "registerMbeans": b.registerMbeans(Values.parseBoolean(key, v)); break;
            default: throw new IllegalStateException("key " + key + " is in keys() but has no binding");
        }
    }
}
