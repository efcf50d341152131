package dev.tidepool.jdbc.internal.config;

import dev.tidepool.core.PoolSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of {@code TidepoolConfig} that are about database connections and need more than one
 * line: each records its problems, starting with the key, naming the value and saying the rule.
 * The pool keys' defaults and rules are the core's ({@code PoolSettings}, {@code PoolRules}); the
 * only ones added here for pool keys are the floors of {@link #poolKeys}. Public for
 * {@code TidepoolConfig}; not API.
 */
public final class Rules {

    /**
     * A database connection costs a TCP (and often TLS) handshake, authentication, a server process
     * or thread and session setup, and it warms caches on both sides (prepared statements,
     * catalogue): retiring connections sooner than this spends more on opening them than they
     * give back. A generic pool's resource may be cheap, so the core allows any lifetime.
     */
    public static final Duration MIN_MAX_LIFETIME = Duration.ofSeconds(30);
    /** Each keepalive is a validation the database server answers: more often than this is load, not liveness. */
    public static final Duration MIN_KEEPALIVE_INTERVAL = Duration.ofSeconds(1);

    private static final String URL_EXAMPLE = "e.g. jdbc:postgresql://localhost:5432/app";
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

    private Rules() {
    }

    /**
     * Exactly one source of connections: {@code jdbcUrl}, {@code dataSourceClassName} or a
     * {@code dataSource} object; {@code driver.<name>} cannot configure an object the application owns.
     */
    public static void source(Problems p, String url, String dataSourceClassName, boolean dataSource,
                              boolean driverProperties) {
        int sources = (url != null ? 1 : 0) + (dataSourceClassName != null ? 1 : 0) + (dataSource ? 1 : 0);
        if (sources == 0) {
            p.add("jdbcUrl is required: set the driver's URL, " + URL_EXAMPLE
                    + " (or dataSourceClassName, or pass a DataSource to builder().dataSource(ds))");
            return;
        }
        if (sources > 1) {
            List<String> set = new ArrayList<>();
            if (url != null) {
                set.add("jdbcUrl");
            }
            if (dataSourceClassName != null) {
                set.add("dataSourceClassName");
            }
            if (dataSource) {
                set.add("dataSource");
            }
            p.add(String.join(" and ", set) + (sources == 2 ? " are both set" : " are all set") + ": set exactly one source of connections"
                    + " (a data source that needs a URL takes it as driver.url)");
        }
        if (dataSource && driverProperties) {
            p.add("driver.<name> keys do not apply to a dataSource object: configure the DataSource itself");
        }
        if (url != null) {
            jdbcUrl(p, url);
        }
    }

    /** A JDBC URL; shown with its secrets masked. */
    public static void jdbcUrl(Problems p, String url) {
        if (!url.regionMatches(true, 0, "jdbc:", 0, 5)) {
            p.add("jdbcUrl (" + Values.quote(Redaction.url(url)) + ") must start with 'jdbc:', " + URL_EXAMPLE);
        }
    }

    /** Optional; when set, a dotted Java name (the class is loaded by the data source, not here). */
    public static void driverClassName(Problems p, String name) {
        if (name != null && !CLASS_NAME.matcher(name).matches()) {
            p.add("driverClassName (" + Values.quote(name) + ") is not a Java class name, e.g. org.postgresql.Driver");
        }
    }

    /**
     * A named, non-null driver property that is not a credential: credentials go through username
     * and password, so they are partitioned and hidden. Values are never shown; they may be secrets.
     */
    public static void driverProperty(Problems p, String name, String value) {
        if (name == null || name.isBlank()) {
            p.add("driver.<name> (" + Values.quote(name) + ") needs a property name after 'driver.', e.g. driver.ssl=true");
        } else if (name.strip().equalsIgnoreCase("user") || name.strip().equalsIgnoreCase("password")) {
            p.add("driver." + name + " is not allowed: set the credentials with username and password");
        } else if (value == null) {
            p.add("driver." + name + " (null) must have a value");
        }
    }

    /** Optional; when set, a dotted Java name (the class is loaded by the data source, not here). */
    public static void dataSourceClassName(Problems p, String name) {
        if (name != null && !CLASS_NAME.matcher(name).matches()) {
            p.add("dataSourceClassName (" + Values.quote(name) + ") is not a Java class name, e.g. org.postgresql.ds.PGSimpleDataSource");
        }
    }

    /**
     * The pool keys' problems: the core's rules ({@code PoolSettings.Builder.problems()}, every
     * pool key's one rule) and then the floors that are about database connections: when on,
     * maxLifetime >= {@link #MIN_MAX_LIFETIME} and keepaliveInterval >= {@link #MIN_KEEPALIVE_INTERVAL};
     * 0 (off) is always allowed. A key below its floor is checked by the core as if it were off,
     * so its contradiction with the other (keepaliveInterval < maxLifetime) is not reported on top:
     * one mistake, one message.
     */
    public static void poolKeys(Problems p, PoolSettings.Builder pool) {
        Duration lifetime = pool.maxLifetime();
        Duration keepalive = pool.keepaliveInterval();
        boolean lifetimeLow = belowFloor(lifetime, MIN_MAX_LIFETIME);
        boolean keepaliveLow = belowFloor(keepalive, MIN_KEEPALIVE_INTERVAL);
        p.addAll(pool.copy().maxLifetime(lifetimeLow ? Duration.ZERO : lifetime)
                .keepaliveInterval(keepaliveLow ? Duration.ZERO : keepalive).problems());
        if (lifetimeLow) {
            p.add(floor("maxLifetime", lifetime, MIN_MAX_LIFETIME, "shorter lifetimes churn connections"));
        }
        if (keepaliveLow) {
            p.add(floor("keepaliveInterval", keepalive, MIN_KEEPALIVE_INTERVAL, "shorter intervals load the server with validations"));
        }
    }

    /** On (> 0) and below {@code min}; a null or negative value is left to the key's own rule. */
    private static boolean belowFloor(Duration d, Duration min) {
        return d != null && !d.isNegative() && !d.isZero() && d.compareTo(min) < 0;
    }

    private static String floor(String key, Duration d, Duration min, String why) {
        return key + " (" + Durations.format(d) + ") must be 0 (off) or >= " + Durations.format(min) + ": " + why;
    }

    /** Null (the driver's) or one of the four levels; TRANSACTION_NONE is not a level a pool can promise. */
    public static void isolation(Problems p, Integer level) {
        if (level != null && Values.isolationName(level) == null) {
            p.add("transactionIsolation (" + level + ") must be one of READ_UNCOMMITTED (1), "
                    + "READ_COMMITTED (2), REPEATABLE_READ (4), SERIALIZABLE (8), or null for the driver's");
        }
    }
}
