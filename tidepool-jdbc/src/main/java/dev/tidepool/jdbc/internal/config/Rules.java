package dev.tidepool.jdbc.internal.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of {@code TidepoolConfig} that need more than one line: each records its problems,
 * starting with the key, naming the value and saying the rule. Public for {@code TidepoolConfig};
 * not API.
 */
public final class Rules {

    /** Shorter lifetimes make the pool churn connections faster than it can usefully reuse them. */
    public static final Duration MIN_MAX_LIFETIME = Duration.ofSeconds(30);
    /** Shorter keepalives turn validation into a load on the server. */
    public static final Duration MIN_KEEPALIVE_INTERVAL = Duration.ofSeconds(1);
    /** The derived validationTimeout is at most this: a longer validation says the server is not answering. */
    public static final Duration MAX_DEFAULT_VALIDATION_TIMEOUT = Duration.ofSeconds(5);
    /** The derived validationTimeout is acquireTimeout divided by this (see {@link #validationTimeoutFor}). */
    public static final int VALIDATION_SHARE_OF_ACQUIRE = 4;

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

    /** Optional; when set, not blank and free of control characters (it starts log lines). */
    public static void poolName(Problems p, String name) {
        if (p.notBlank("poolName", name, "tidepool-<n>") && name != null && name.chars().anyMatch(Character::isISOControl)) {
            p.add("poolName (" + Values.quote(name) + ") must not contain control characters: it prefixes log lines and thread names");
        }
    }

    /** maxSize >= 1; minIdle (null = maxSize) in 0..maxSize. */
    public static void sizes(Problems p, int maxSize, Integer minIdle) {
        if (maxSize < 1) {
            p.add("maxSize (" + maxSize + ") must be >= 1");
        }
        if (minIdle != null && minIdle < 0) {
            p.add("minIdle (" + minIdle + ") must be >= 0");
        } else if (minIdle != null && maxSize >= 1 && minIdle > maxSize) {
            p.add("minIdle (" + minIdle + ") must be <= maxSize (" + maxSize + ")");
        }
    }

    /**
     * Both > 0, and validationTimeout < acquireTimeout: a borrow may have to validate a connection
     * before lending it, and that must fit inside the borrower's wait. A null validationTimeout is
     * derived ({@link #validationTimeoutFor}), which always fits: only a validationTimeout the user
     * set can contradict acquireTimeout.
     */
    public static void timeouts(Problems p, Duration acquireTimeout, Duration validationTimeout) {
        boolean acquireOk = p.positive("acquireTimeout", acquireTimeout, "a borrower must never wait forever");
        if (validationTimeout == null) {
            return;
        }
        boolean validationOk = p.positive("validationTimeout", validationTimeout, "a validation must never hang");
        if (acquireOk && validationOk && validationTimeout.compareTo(acquireTimeout) >= 0) {
            p.add("validationTimeout (" + Durations.format(validationTimeout) + ") must be < acquireTimeout ("
                    + Durations.format(acquireTimeout) + "): a borrow may include one validation; lower validationTimeout,"
                    + " or leave it unset for min(" + Durations.format(MAX_DEFAULT_VALIDATION_TIMEOUT)
                    + ", acquireTimeout / " + VALIDATION_SHARE_OF_ACQUIRE + ")");
        }
    }

    /**
     * The default validationTimeout for {@code acquireTimeout}: a quarter of it, at most
     * {@link #MAX_DEFAULT_VALIDATION_TIMEOUT}, so a borrower whose candidates hang in validation
     * can try up to three of them and still get a fresh connection within its wait. Null when
     * acquireTimeout is itself invalid (its own rule reports it).
     */
    public static Duration validationTimeoutFor(Duration acquireTimeout) {
        if (acquireTimeout == null || acquireTimeout.isNegative() || acquireTimeout.isZero()) {
            return null;
        }
        Duration share = acquireTimeout.dividedBy(VALIDATION_SHARE_OF_ACQUIRE);
        if (share.isZero()) {
            return acquireTimeout; // a timeout of a few nanoseconds: nothing smaller to give
        }
        return share.compareTo(MAX_DEFAULT_VALIDATION_TIMEOUT) < 0 ? share : MAX_DEFAULT_VALIDATION_TIMEOUT;
    }

    /**
     * maxLifetime 0 or >= 30s; keepaliveInterval 0 or >= 1s; when both are on, keepaliveInterval <
     * maxLifetime, or connections retire before their first keepalive.
     */
    public static void lifetimes(Problems p, Duration maxLifetime, Duration keepaliveInterval) {
        boolean lifetimeOk = p.offOrAtLeast("maxLifetime", maxLifetime, MIN_MAX_LIFETIME,
                "shorter lifetimes churn connections");
        boolean keepaliveOk = p.offOrAtLeast("keepaliveInterval", keepaliveInterval, MIN_KEEPALIVE_INTERVAL,
                "shorter intervals load the server with validations");
        if (lifetimeOk && keepaliveOk && !maxLifetime.isZero() && !keepaliveInterval.isZero()
                && keepaliveInterval.compareTo(maxLifetime) >= 0) {
            p.add("keepaliveInterval (" + Durations.format(keepaliveInterval) + ") must be < maxLifetime ("
                    + Durations.format(maxLifetime) + "): connections would retire before their first keepalive");
        }
    }

    /** Null (the driver's) or one of the four levels; TRANSACTION_NONE is not a level a pool can promise. */
    public static void isolation(Problems p, Integer level) {
        if (level != null && Values.isolationName(level) == null) {
            p.add("transactionIsolation (" + level + ") must be one of READ_UNCOMMITTED (1), "
                    + "READ_COMMITTED (2), REPEATABLE_READ (4), SERIALIZABLE (8), or null for the driver's");
        }
    }
}
