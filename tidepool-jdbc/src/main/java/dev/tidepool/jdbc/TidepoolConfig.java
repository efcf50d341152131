package dev.tidepool.jdbc;

import dev.tidepool.core.PoolListener;
import dev.tidepool.core.PoolSettings;
import dev.tidepool.core.Ticker;
import dev.tidepool.jdbc.internal.config.Durations;
import dev.tidepool.jdbc.internal.config.Problems;
import dev.tidepool.jdbc.internal.config.PropertyBinder;
import dev.tidepool.jdbc.internal.config.Redaction;
import dev.tidepool.jdbc.internal.config.Rules;
import dev.tidepool.jdbc.internal.config.Values;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The configuration of one {@code TidepoolDataSource}: an immutable value, validated in full when
 * it is built. Build it with {@link #builder()} or read it with {@link #fromProperties(Properties)};
 * both use the same key names, listed in order by {@link #keys()} with their defaults in
 * {@link #defaultOf(String)}. A duration of {@link Duration#ZERO} switches a timed behaviour off.
 *
 * <p>Nothing is clamped silently: an unknown key, a bad value or a contradiction fails with one
 * {@link IllegalArgumentException} that lists every problem, each starting with its key, naming
 * the value and the rule, e.g. {@code minIdle (12) must be <= maxSize (10)}. The password never
 * appears in a message or in {@link #toString()}, and neither do password-like parts of the URL or
 * of driver properties.
 *
 * <p>Besides the keys of the design table there is {@code drainTimeout} (default 10s): how long
 * {@code close()} waits for borrowed connections to come back before it closes them anyway;
 * 0 closes them at once.
 */
public final class TidepoolConfig {

    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    static final int DEFAULT_MAX_SIZE = 10;
    static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_VALIDATION_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(30);
    static final Duration DEFAULT_KEEPALIVE_INTERVAL = Duration.ofMinutes(2);
    static final Duration DEFAULT_IDLE_IN_TRANSACTION = Duration.ofSeconds(10);
    static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Map<String, String> DEFAULTS = defaults();

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final java.util.function.Supplier<DbCredentials> credentialsSupplier;
    private final String driverClassName;
    private final Map<String, String> driverProperties;
    private final String poolName;
    private final int maxSize;
    private final int minIdle;
    private final Integer minIdleSetting; // null = follows maxSize, kept so toBuilder().maxSize(n) still does
    private final Duration acquireTimeout;
    private final int maxWaiters;
    private final Duration validationTimeout;
    private final String validationQuery;
    private final Duration idleTimeout;
    private final Duration maxLifetime;
    private final Duration keepaliveInterval;
    private final Duration leakThreshold;
    private final Boolean autoCommit;
    private final Integer transactionIsolation;
    private final Boolean readOnly;
    private final String catalog;
    private final String schema;
    private final String connectionInitSql;
    private final boolean failFast;
    private final SessionReset sessionReset;
    private final Duration idleInTransactionThreshold;
    private final Duration drainTimeout;

    private TidepoolConfig(Builder b, String poolName) {
        jdbcUrl = b.jdbcUrl;
        username = b.username;
        password = b.password;
        credentialsSupplier = b.credentialsSupplier;
        driverClassName = b.driverClassName;
        driverProperties = Collections.unmodifiableMap(new TreeMap<>(b.driverProperties));
        this.poolName = poolName;
        maxSize = b.maxSize;
        minIdleSetting = b.minIdle;
        minIdle = b.minIdle != null ? b.minIdle : b.maxSize;
        acquireTimeout = b.acquireTimeout;
        maxWaiters = b.maxWaiters;
        validationTimeout = b.validationTimeout;
        validationQuery = b.validationQuery;
        idleTimeout = b.idleTimeout;
        maxLifetime = b.maxLifetime;
        keepaliveInterval = b.keepaliveInterval;
        leakThreshold = b.leakThreshold;
        autoCommit = b.autoCommit;
        transactionIsolation = b.transactionIsolation;
        readOnly = b.readOnly;
        catalog = b.catalog;
        schema = b.schema;
        connectionInitSql = b.connectionInitSql;
        failFast = b.failFast;
        sessionReset = b.sessionReset;
        idleInTransactionThreshold = b.idleInTransactionThreshold;
        drainTimeout = b.drainTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a configuration from {@code properties}: every key must be one of {@link #keys()}
     * (spelled exactly) or {@code driver.<name>}. Values are trimmed, except {@code username},
     * {@code password} and driver properties. An unknown key fails, with a suggestion when it is
     * close to a known one: {@code unknown key 'maxPoolSize'; did you mean 'maxSize'?}.
     *
     * @throws IllegalArgumentException listing every problem, each starting with or naming its key
     */
    public static TidepoolConfig fromProperties(Properties properties) {
        return PropertyBinder.bind(properties, builder()).build();
    }

    /** A builder holding this configuration, to derive another from it. The pool name is copied too. */
    public Builder toBuilder() {
        Builder b = new Builder().jdbcUrl(jdbcUrl).username(username).password(password)
                .credentialsSupplier(credentialsSupplier)
                .driverClassName(driverClassName).poolName(poolName).maxSize(maxSize)
                .acquireTimeout(acquireTimeout).maxWaiters(maxWaiters).validationTimeout(validationTimeout)
                .validationQuery(validationQuery)
                .idleTimeout(idleTimeout).maxLifetime(maxLifetime).keepaliveInterval(keepaliveInterval)
                .leakThreshold(leakThreshold).autoCommit(autoCommit).transactionIsolation(transactionIsolation)
                .readOnly(readOnly).catalog(catalog).schema(schema).connectionInitSql(connectionInitSql)
                .failFast(failFast).sessionReset(sessionReset).idleInTransactionThreshold(idleInTransactionThreshold)
                .drainTimeout(drainTimeout);
        b.minIdle = minIdleSetting;
        b.driverProperties.putAll(driverProperties);
        return b;
    }

    /** Every key, in the order of the design's table ({@code drainTimeout} last); {@code driver.<name>} stands for the family. */
    public static List<String> keys() {
        return List.copyOf(DEFAULTS.keySet());
    }

    /**
     * The default of {@code key} as documentation text: {@code 30s}, {@code 10}, {@code = maxSize},
     * {@code driver's}, {@code none}, {@code required}. A {@code driver.<name>} key has none.
     *
     * @throws IllegalArgumentException when {@code key} is not a key
     */
    public static String defaultOf(String key) {
        String text = DEFAULTS.get(key);
        if (text == null && key != null && key.startsWith("driver.")) {
            return "none";
        }
        if (text == null) {
            throw new IllegalArgumentException("unknown key " + Values.quote(key) + ": see TidepoolConfig.keys()");
        }
        return text;
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("jdbcUrl", "required");
        d.put("username", "none");
        d.put("password", "none");
        d.put("driverClassName", "from the URL");
        d.put("driver.<name>", "none");
        d.put("poolName", "tidepool-<n>");
        d.put("maxSize", String.valueOf(DEFAULT_MAX_SIZE));
        d.put("minIdle", "= maxSize");
        d.put("acquireTimeout", Durations.format(DEFAULT_ACQUIRE_TIMEOUT));
        d.put("maxWaiters", "0");
        d.put("validationTimeout", Durations.format(DEFAULT_VALIDATION_TIMEOUT));
        d.put("validationQuery", "none");
        d.put("idleTimeout", Durations.format(DEFAULT_IDLE_TIMEOUT));
        d.put("maxLifetime", Durations.format(DEFAULT_MAX_LIFETIME));
        d.put("keepaliveInterval", Durations.format(DEFAULT_KEEPALIVE_INTERVAL));
        d.put("leakThreshold", Durations.format(Duration.ZERO));
        d.put("autoCommit", "driver's");
        d.put("transactionIsolation", "driver's");
        d.put("readOnly", "driver's");
        d.put("catalog", "driver's");
        d.put("schema", "driver's");
        d.put("connectionInitSql", "none");
        d.put("failFast", "true");
        d.put("sessionReset", Values.sessionResetName(SessionReset.AUTO));
        d.put("idleInTransactionThreshold", Durations.format(DEFAULT_IDLE_IN_TRANSACTION));
        d.put("drainTimeout", Durations.format(DEFAULT_DRAIN_TIMEOUT));
        return Collections.unmodifiableMap(d);
    }

    /**
     * The core pool's settings for this configuration: name, sizes and every pool-level duration.
     *
     * @throws IllegalArgumentException when {@code ticker} or {@code listener} is null
     */
    public PoolSettings toPoolSettings(Ticker ticker, PoolListener listener) {
        if (ticker == null) {
            throw new IllegalArgumentException("ticker (null) must not be null: use Ticker.SYSTEM");
        }
        if (listener == null) {
            throw new IllegalArgumentException("listener (null) must not be null: use PoolListener.NONE");
        }
        return PoolSettings.builder().name(poolName).maxSize(maxSize).minIdle(minIdle)
                .acquireTimeout(acquireTimeout).maxWaiters(maxWaiters).validationTimeout(validationTimeout)
                .idleTimeout(idleTimeout)
                .maxLifetime(maxLifetime).keepaliveInterval(keepaliveInterval).leakThreshold(leakThreshold)
                .drainTimeout(drainTimeout).ticker(ticker).listener(listener).build();
    }

    /** The driver's URL; never null. */
    public String jdbcUrl() { return jdbcUrl; }
    /** The user, or null to let the driver decide (e.g. from the URL). */
    public String username() { return username; }
    /** The password, or null. Never log it. */
    public String password() { return password; }
    /**
     * Asked for the user and password of each new connection (builder only, not a Properties key);
     * null: {@link #username()} and {@link #password()}.
     */
    public java.util.function.Supplier<DbCredentials> credentialsSupplier() { return credentialsSupplier; }
    /** The driver class to load, or null to find the driver from the URL. */
    public String driverClassName() { return driverClassName; }
    /** Properties passed to the driver ({@code driver.<name>} keys, without the prefix), sorted by name. */
    public Map<String, String> driverProperties() { return driverProperties; }
    /** Prefixes every log line, error, thread and metric; never null. */
    public String poolName() { return poolName; }
    /** Most connections open at once; >= 1. */
    public int maxSize() { return maxSize; }
    /** Idle connections kept ready; 0..maxSize, maxSize unless set. */
    public int minIdle() { return minIdle; }
    /** Longest wait in {@code getConnection()}; > 0. */
    public Duration acquireTimeout() { return acquireTimeout; }
    /** Load shedding: most threads waiting at once before getConnection() fails at once; 0 = no limit. */
    public int maxWaiters() { return maxWaiters; }
    /** Bound on one validation; > 0 and < acquireTimeout. */
    public Duration validationTimeout() { return validationTimeout; }
    /** SQL that validates a connection, only for drivers without a working {@code isValid}; or null. */
    public String validationQuery() { return validationQuery; }
    /** Idle connections above minIdle are closed after this; ZERO = never. */
    public Duration idleTimeout() { return idleTimeout; }
    /** Connections are retired after this (jittered down); ZERO = never. */
    public Duration maxLifetime() { return maxLifetime; }
    /** Idle connections are validated this often; ZERO = never. */
    public Duration keepaliveInterval() { return keepaliveInterval; }
    /** When positive, the borrow stack is recorded and a hold longer than this is reported; ZERO = off. */
    public Duration leakThreshold() { return leakThreshold; }
    /** The auto-commit mode every borrower gets, or null for the driver's. */
    public Boolean autoCommit() { return autoCommit; }
    /** The {@code Connection.TRANSACTION_*} level every borrower gets (1, 2, 4 or 8), or null for the driver's. */
    public Integer transactionIsolation() { return transactionIsolation; }
    /** The read-only mode every borrower gets, or null for the driver's. */
    public Boolean readOnly() { return readOnly; }
    /** The catalog every borrower gets, or null for the driver's. */
    public String catalog() { return catalog; }
    /** The schema every borrower gets, or null for the driver's. */
    public String schema() { return schema; }
    /** SQL run once on each new connection, or null. */
    public String connectionInitSql() { return connectionInitSql; }
    /** Whether the data source's constructor opens one connection and throws if it cannot. */
    public boolean failFast() { return failFast; }
    /** How much of the session is reset when a connection comes back. */
    public SessionReset sessionReset() { return sessionReset; }
    /** Warn when a borrowed connection sits in an open transaction without a JDBC call this long; ZERO = off. */
    public Duration idleInTransactionThreshold() { return idleInTransactionThreshold; }
    /** How long {@code close()} waits for borrowed connections to come back; ZERO = close them at once. */
    public Duration drainTimeout() { return drainTimeout; }

    /** Every key and value in {@link #keys()} order; the password as {@code ****}, secrets in the URL masked. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("TidepoolConfig{");
        for (String key : DEFAULTS.keySet()) {
            if (key.equals("driver.<name>")) {
                driverPropertiesTo(out);
            } else {
                out.append(key).append('=').append(shown(key)).append(", ");
            }
        }
        if (credentialsSupplier != null) {
            out.append("credentialsSupplier=").append(credentialsSupplier.getClass().getName()).append(", ");
        }
        out.setLength(out.length() - 2);
        return out.append('}').toString();
    }

    private void driverPropertiesTo(StringBuilder out) {
        if (driverProperties.isEmpty()) {
            out.append("driver.<name>=none, ");
        }
        driverProperties.forEach((name, value) -> out.append("driver.").append(name).append('=')
                .append(Redaction.isSecretName(name) ? Redaction.MASK : value).append(", "));
    }

    private String shown(String key) {
        Object value = value(key);
        if (value == null) {
            return DEFAULTS.get(key);
        }
        switch (key) {
            case "password": return Redaction.MASK;
            case "jdbcUrl": return Redaction.url(jdbcUrl);
            case "transactionIsolation": return Values.isolationName(transactionIsolation);
            case "sessionReset": return Values.sessionResetName(sessionReset);
            default: return value instanceof Duration ? Durations.format((Duration) value) : String.valueOf(value);
        }
    }

    private Object value(String key) {
        switch (key) {
            case "jdbcUrl": return jdbcUrl;
            case "username": return username;
            case "password": return password;
            case "driverClassName": return driverClassName;
            case "poolName": return poolName;
            case "maxSize": return maxSize;
            case "minIdle": return minIdle;
            case "acquireTimeout": return acquireTimeout;
            case "maxWaiters": return maxWaiters;
            case "validationTimeout": return validationTimeout;
            case "validationQuery": return validationQuery;
            case "idleTimeout": return idleTimeout;
            case "maxLifetime": return maxLifetime;
            case "keepaliveInterval": return keepaliveInterval;
            case "leakThreshold": return leakThreshold;
            case "autoCommit": return autoCommit;
            case "transactionIsolation": return transactionIsolation;
            case "readOnly": return readOnly;
            case "catalog": return catalog;
            case "schema": return schema;
            case "connectionInitSql": return connectionInitSql;
            case "failFast": return failFast;
            case "sessionReset": return sessionReset;
            case "idleInTransactionThreshold": return idleInTransactionThreshold;
            case "drainTimeout": return drainTimeout;
            default: return driverProperties;
        }
    }

    /** Equal when every key has the same value ({@code minIdle} compared as resolved). */
    @Override
    public boolean equals(Object o) {
        return o instanceof TidepoolConfig && identity().equals(((TidepoolConfig) o).identity());
    }

    @Override
    public int hashCode() {
        return identity().hashCode();
    }

    private List<Object> identity() {
        List<Object> values = new ArrayList<>(DEFAULTS.size());
        for (String key : DEFAULTS.keySet()) {
            values.add(value(key));
        }
        return values;
    }

    /**
     * Collects the keys; {@link #build()} validates them all at once. Setting a nullable key to null
     * restores its default (the driver's value, or none).
     */
    public static final class Builder {
        private String jdbcUrl;
        private String username;
        private String password;
        private java.util.function.Supplier<DbCredentials> credentialsSupplier;
        private String driverClassName;
        private final Map<String, String> driverProperties = new LinkedHashMap<>();
        private String poolName;
        private int maxSize = DEFAULT_MAX_SIZE;
        private Integer minIdle;
        private Duration acquireTimeout = DEFAULT_ACQUIRE_TIMEOUT;
        private int maxWaiters;
        private Duration validationTimeout = DEFAULT_VALIDATION_TIMEOUT;
        private String validationQuery;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration maxLifetime = DEFAULT_MAX_LIFETIME;
        private Duration keepaliveInterval = DEFAULT_KEEPALIVE_INTERVAL;
        private Duration leakThreshold = Duration.ZERO;
        private Boolean autoCommit;
        private Integer transactionIsolation;
        private Boolean readOnly;
        private String catalog;
        private String schema;
        private String connectionInitSql;
        private boolean failFast = true;
        private SessionReset sessionReset = SessionReset.AUTO;
        private Duration idleInTransactionThreshold = DEFAULT_IDLE_IN_TRANSACTION;
        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;

        private Builder() {
        }

        /** Required: the driver's URL, starting with {@code jdbc:}. */
        public Builder jdbcUrl(String jdbcUrl) { this.jdbcUrl = jdbcUrl; return this; }
        public Builder username(String username) { this.username = username; return this; }
        public Builder password(String password) { this.password = password; return this; }
        /**
         * Asked for the user and password of each new connection, on the pool's thread (so it must
         * answer promptly: cache the lease or token and renew it ahead of expiry), instead of a fixed
         * username/password. When it answers with other credentials, or on
         * {@link TidepoolDataSource#rotateCredentials()}, the connections opened before retire, spread out.
         */
        public Builder credentialsSupplier(java.util.function.Supplier<DbCredentials> supplier) {
            this.credentialsSupplier = supplier;
            return this;
        }
        /** An explicit driver class; by default the driver is found from the URL. */
        public Builder driverClassName(String name) { this.driverClassName = name; return this; }
        /** Passes {@code value} to the driver as property {@code name} (key {@code driver.<name>}). */
        public Builder driverProperty(String name, String value) { driverProperties.put(name, value); return this; }
        /** Default {@code tidepool-<n>}, numbered when built. */
        public Builder poolName(String poolName) { this.poolName = poolName; return this; }
        /** Default 10; at least 1. */
        public Builder maxSize(int maxSize) { this.maxSize = maxSize; return this; }
        /** Default = maxSize (a fixed-size pool); 0..maxSize. */
        public Builder minIdle(int minIdle) { this.minIdle = minIdle; return this; }
        /** Default 30s; must be > 0. */
        public Builder acquireTimeout(Duration d) { this.acquireTimeout = d; return this; }
        /**
         * Default 0 (no limit by count): when this many threads already wait, getConnection() fails
         * at once with SQLTransientConnectionException instead of queueing another; >= 0.
         */
        public Builder maxWaiters(int maxWaiters) { this.maxWaiters = maxWaiters; return this; }
        /** Default 5s; must be > 0 and < acquireTimeout. */
        public Builder validationTimeout(Duration d) { this.validationTimeout = d; return this; }
        public Builder validationQuery(String sql) { this.validationQuery = sql; return this; }
        /** Default 10m; ZERO = never. */
        public Builder idleTimeout(Duration d) { this.idleTimeout = d; return this; }
        /** Default 30m; ZERO = never, otherwise at least 30s. */
        public Builder maxLifetime(Duration d) { this.maxLifetime = d; return this; }
        /** Default 2m; ZERO = never, otherwise at least 1s and less than a non-zero maxLifetime. */
        public Builder keepaliveInterval(Duration d) { this.keepaliveInterval = d; return this; }
        /** Default ZERO (off). */
        public Builder leakThreshold(Duration d) { this.leakThreshold = d; return this; }
        public Builder autoCommit(Boolean autoCommit) { this.autoCommit = autoCommit; return this; }
        /** A {@code Connection.TRANSACTION_*} constant other than NONE, or null for the driver's. */
        public Builder transactionIsolation(Integer level) { this.transactionIsolation = level; return this; }
        public Builder readOnly(Boolean readOnly) { this.readOnly = readOnly; return this; }
        public Builder catalog(String catalog) { this.catalog = catalog; return this; }
        public Builder schema(String schema) { this.schema = schema; return this; }
        public Builder connectionInitSql(String sql) { this.connectionInitSql = sql; return this; }
        /** Default true. */
        public Builder failFast(boolean failFast) { this.failFast = failFast; return this; }
        /** Default {@link SessionReset#AUTO}. */
        public Builder sessionReset(SessionReset mode) { this.sessionReset = mode; return this; }
        /** Default 10s; ZERO = off. */
        public Builder idleInTransactionThreshold(Duration d) { this.idleInTransactionThreshold = d; return this; }
        /** Default 10s; ZERO = close borrowed connections at once. */
        public Builder drainTimeout(Duration d) { this.drainTimeout = d; return this; }

        /**
         * Validates every key and builds the configuration.
         *
         * @throws IllegalArgumentException listing every problem, each starting with its key
         */
        public TidepoolConfig build() {
            Problems p = new Problems();
            Rules.jdbcUrl(p, jdbcUrl);
            Rules.driverClassName(p, driverClassName);
            driverProperties.forEach((name, value) -> Rules.driverProperty(p, name, value));
            if (credentialsSupplier != null && (username != null || password != null)) {
                p.add("credentialsSupplier is set together with username/password: use one (the supplier answers"
                        + " user and password for each new connection)");
            }
            Rules.poolName(p, poolName);
            Rules.sizes(p, maxSize, minIdle);
            Rules.timeouts(p, acquireTimeout, validationTimeout);
            if (maxWaiters < 0) {
                p.add("maxWaiters (" + maxWaiters + ") must be >= 0: 0 for no limit by count, or the most threads"
                        + " that may wait at once before getConnection() fails at once");
            }
            p.notBlank("validationQuery", validationQuery, "Connection.isValid");
            p.notNegative("idleTimeout", idleTimeout);
            Rules.lifetimes(p, maxLifetime, keepaliveInterval);
            p.notNegative("leakThreshold", leakThreshold);
            Rules.isolation(p, transactionIsolation);
            p.notBlank("catalog", catalog, "the driver's");
            p.notBlank("schema", schema, "the driver's");
            p.notBlank("connectionInitSql", connectionInitSql, "none");
            if (sessionReset == null) {
                p.add("sessionReset (null) must be auto, always or never");
            }
            p.notNegative("idleInTransactionThreshold", idleInTransactionThreshold);
            p.notNegative("drainTimeout", drainTimeout);
            p.throwIfAny();
            return new TidepoolConfig(this, poolName != null ? poolName : "tidepool-" + POOL_NUMBER.incrementAndGet());
        }
    }
}
