package dev.tidepool.jdbc;

import dev.tidepool.core.PoolListener;
import dev.tidepool.core.PoolSettings;
import dev.tidepool.core.Ticker;
import dev.tidepool.jdbc.internal.config.Durations;
import dev.tidepool.jdbc.internal.config.HikariKeys;
import dev.tidepool.jdbc.internal.config.Problems;
import dev.tidepool.jdbc.internal.config.PropertyBinder;
import dev.tidepool.jdbc.internal.config.Redaction;
import dev.tidepool.jdbc.internal.config.Rules;
import dev.tidepool.jdbc.internal.config.Values;
import dev.tidepool.jdbc.internal.cluster.HostList;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import javax.sql.DataSource;

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
 * <p>Every key, its default and its rule are listed in the configuration table of the README
 * ({@code README.md}, section "Configuration"), which a test keeps equal to {@link #keys()} and
 * {@link #defaultOf(String)}.
 *
 * <p>Why this class is over 400 lines: it is the builder users call, one documented setter and one
 * getter per key (about thirty keys). The rules are elsewhere: each pool key's default and rule in
 * the core's {@code PoolSettings}, the JDBC keys' in {@code config.Rules}, reading properties in
 * {@code config.PropertyBinder} and HikariCP's keys in {@code config.HikariKeys}.
 */
public final class TidepoolConfig {

    // The pool keys' defaults are PoolSettings' (the one place for them); these are the JDBC keys'.
    static final Duration DEFAULT_IDLE_IN_TRANSACTION = Duration.ofSeconds(10);
    private static final Map<String, String> DEFAULTS = defaults();

    private final String jdbcUrl;
    private final String hosts;
    private final TargetServerType targetServerType;
    private final String username;
    private final String password;
    private final java.util.function.Supplier<DbCredentials> credentialsSupplier;
    private final String driverClassName;
    private final String dataSourceClassName;
    private final DataSource dataSource;
    private final Map<String, String> driverProperties;
    /**
     * The pool keys (poolName, sizes, maxWaiters and the pool's durations), validated and defaulted
     * by the core; ticker and listener are the defaults until {@link #toPoolSettings} sets them.
     */
    private final PoolSettings pool;
    private final String validationQuery;
    private final Boolean autoCommit;
    private final Integer transactionIsolation;
    private final Boolean readOnly;
    private final String catalog;
    private final String schema;
    private final String connectionInitSql;
    private final boolean failFast;
    private final SessionReset sessionReset;
    private final Duration idleInTransactionThreshold;
    private final PgBouncerMode pgbouncer;
    private final boolean registerMbeans;

    private TidepoolConfig(Builder b, PoolSettings pool) {
        jdbcUrl = b.jdbcUrl;
        hosts = b.hosts;
        targetServerType = b.targetServerType;
        username = b.username;
        password = b.password;
        credentialsSupplier = b.credentialsSupplier;
        driverClassName = b.driverClassName;
        dataSourceClassName = b.dataSourceClassName;
        dataSource = b.dataSource;
        driverProperties = Collections.unmodifiableMap(new TreeMap<>(b.driverProperties));
        this.pool = pool;
        validationQuery = b.validationQuery;
        autoCommit = b.autoCommit;
        transactionIsolation = b.transactionIsolation;
        readOnly = b.readOnly;
        catalog = b.catalog;
        schema = b.schema;
        connectionInitSql = b.connectionInitSql;
        failFast = b.failFast;
        sessionReset = b.sessionReset;
        idleInTransactionThreshold = b.idleInTransactionThreshold;
        pgbouncer = b.pgbouncer;
        registerMbeans = b.registerMbeans;
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
     * <p>Nothing is connected here, so a wrong configuration is never an {@code SQLException}; the
     * same holds for {@code TidepoolDataSource.fromProperties}, which throws {@code SQLException}
     * only when it cannot connect.
     *
     * @throws IllegalArgumentException listing every problem, each starting with or naming its key
     */
    public static TidepoolConfig fromProperties(Properties properties) {
        return PropertyBinder.bind(properties, builder()).build();
    }

    /**
     * Reads a HikariCP configuration ({@code HikariConfig}'s property names, as in a
     * {@code hikari.properties} file) into a Tidepool one: every HikariCP key with a Tidepool
     * meaning is mapped (milliseconds read as milliseconds, {@code maximumPoolSize} as
     * {@code maxSize}, {@code dataSource.<name>} as {@code driver.<name>}, {@code initializationFailTimeout}
     * as {@code failFast}...), and a key Tidepool has no counterpart for fails, naming the key and
     * what to do instead. docs/migrating-from-hikaricp.md lists every key side by side. Objects put
     * by code are taken too: {@code dataSource} (a {@code DataSource}) and {@code dataSourceProperties}
     * (a {@code Map}). To add Tidepool's own keys, use {@link #toBuilder()} on the result.
     *
     * @throws IllegalArgumentException listing every problem, each naming its key
     */
    public static TidepoolConfig fromHikariProperties(Properties hikariProperties) {
        return HikariKeys.toBuilder(hikariProperties).build();
    }

    /** A builder holding this configuration, to derive another from it. The pool name is copied too. */
    public Builder toBuilder() {
        Builder b = new Builder(pool.toBuilder()) // keeps an unset minIdle or validationTimeout unset
                .jdbcUrl(jdbcUrl).hosts(hosts).targetServerType(targetServerType).username(username).password(password)
                .credentialsSupplier(credentialsSupplier)
                .driverClassName(driverClassName).dataSourceClassName(dataSourceClassName).dataSource(dataSource)
                .validationQuery(validationQuery).autoCommit(autoCommit).transactionIsolation(transactionIsolation)
                .readOnly(readOnly).catalog(catalog).schema(schema).connectionInitSql(connectionInitSql)
                .failFast(failFast).sessionReset(sessionReset).idleInTransactionThreshold(idleInTransactionThreshold)
                .pgbouncer(pgbouncer).registerMbeans(registerMbeans);
        b.driverProperties.putAll(driverProperties);
        return b;
    }

    /** Every key, in the order of the README's configuration table; {@code driver.<name>} stands for the family. */
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
        d.put("jdbcUrl", "required, or dataSourceClassName");
        d.put("username", "none");
        d.put("password", "none");
        d.put("driverClassName", "from the URL");
        d.put("dataSourceClassName", "none");
        d.put("driver.<name>", "none");
        d.put("hosts", "from jdbcUrl");
        d.put("targetServerType", "primary; preferStandby if readOnly");
        d.put("poolName", "tidepool-<n>");
        d.put("maxSize", String.valueOf(PoolSettings.DEFAULT_MAX_SIZE));
        d.put("minIdle", "= maxSize");
        d.put("acquireTimeout", Durations.format(PoolSettings.DEFAULT_ACQUIRE_TIMEOUT));
        d.put("maxWaiters", String.valueOf(PoolSettings.DEFAULT_MAX_WAITERS));
        d.put("validationTimeout", "min(" + Durations.format(PoolSettings.DEFAULT_VALIDATION_TIMEOUT_CAP) + ", acquireTimeout / "
                + PoolSettings.VALIDATION_SHARE_OF_ACQUIRE + ")");
        d.put("validationQuery", "none");
        d.put("idleTimeout", Durations.format(PoolSettings.DEFAULT_IDLE_TIMEOUT));
        d.put("maxLifetime", Durations.format(PoolSettings.DEFAULT_MAX_LIFETIME));
        d.put("keepaliveInterval", Durations.format(PoolSettings.DEFAULT_KEEPALIVE_INTERVAL));
        d.put("leakThreshold", Durations.format(PoolSettings.DEFAULT_LEAK_THRESHOLD));
        d.put("autoCommit", "driver's");
        d.put("transactionIsolation", "driver's");
        d.put("readOnly", "driver's");
        d.put("catalog", "driver's");
        d.put("schema", "driver's");
        d.put("connectionInitSql", "none");
        d.put("failFast", "true");
        d.put("sessionReset", Values.sessionResetName(SessionReset.AUTO));
        d.put("idleInTransactionThreshold", Durations.format(DEFAULT_IDLE_IN_TRANSACTION));
        d.put("pgbouncer", Values.modeName(PgBouncerMode.AUTO));
        d.put("drainTimeout", Durations.format(PoolSettings.DEFAULT_DRAIN_TIMEOUT));
        d.put("registerMbeans", "false");
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
        return pool.toBuilder().ticker(ticker).listener(listener).build();
    }

    /** The driver's URL, or null when connections come from a data source. */
    public String jdbcUrl() { return jdbcUrl; }
    /** The host list ({@code h1:5432,h2:5433}) that replaces the URL's host, or null for the URL's own hosts. */
    public String hosts() { return hosts; }
    /** Which hosts of a host list new connections go to, as set, or null (see {@link #effectiveTargetServerType()}). */
    public TargetServerType targetServerType() { return targetServerType; }
    /** {@link #targetServerType()}, or its default: {@code preferStandby} when {@code readOnly} is true, else {@code primary}. */
    public TargetServerType effectiveTargetServerType() {
        if (targetServerType != null) {
            return targetServerType;
        }
        return Boolean.TRUE.equals(readOnly) ? TargetServerType.PREFER_STANDBY : TargetServerType.PRIMARY;
    }
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
    /** The {@code javax.sql.DataSource} class the pool creates and takes connections from, or null. */
    public String dataSourceClassName() { return dataSourceClassName; }
    /** The application's data source the pool takes connections from ({@link Builder#dataSource}), or null. */
    public DataSource dataSource() { return dataSource; }
    /**
     * The {@code driver.<name>} keys without the prefix, sorted by name: connect properties of the
     * driver with {@code jdbcUrl}, JavaBean properties of the {@code dataSourceClassName}.
     */
    public Map<String, String> driverProperties() { return driverProperties; }
    /**
     * The name given with {@code poolName}, or null: then each data source started from this
     * configuration numbers itself {@code tidepool-<n>} when it starts (the first in a JVM is
     * {@code tidepool-1}), and its {@code config()} carries that name.
     */
    public String poolName() { return pool.name(); }
    /** Most connections open at once; >= 1. */
    public int maxSize() { return pool.maxSize(); }
    /** Idle connections kept ready; 0..maxSize, maxSize unless set. */
    public int minIdle() { return pool.minIdle(); }
    /** Longest wait in {@code getConnection()}; > 0. */
    public Duration acquireTimeout() { return pool.acquireTimeout(); }
    /** Load shedding: most threads waiting at once before {@code getConnection()} fails at once; 0 = no limit. */
    public int maxWaiters() { return pool.maxWaiters(); }
    /** Bound on one validation; {@code > 0} and {@code < acquireTimeout}; unless set, {@code min(5s, acquireTimeout / 4)}. */
    public Duration validationTimeout() { return pool.validationTimeout(); }
    /** SQL that validates a connection, only for drivers without a working {@code isValid}; or null. */
    public String validationQuery() { return validationQuery; }
    /** Idle connections above minIdle are closed after this; ZERO = never. */
    public Duration idleTimeout() { return pool.idleTimeout(); }
    /** Connections are retired after this (jittered down); ZERO = never. */
    public Duration maxLifetime() { return pool.maxLifetime(); }
    /** Idle connections are validated this often; ZERO = never. */
    public Duration keepaliveInterval() { return pool.keepaliveInterval(); }
    /** When positive, the borrow stack is recorded and a hold longer than this is reported; ZERO = off. */
    public Duration leakThreshold() { return pool.leakThreshold(); }
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
    public Duration drainTimeout() { return pool.drainTimeout(); }
    /** Whether the pool talks to PostgreSQL through PgBouncer, and in which mode; default {@link PgBouncerMode#AUTO}. */
    public PgBouncerMode pgbouncer() { return pgbouncer; }
    /** Whether the data source registers its MXBean under {@code dev.tidepool:type=Pool,name=<poolName>}. */
    public boolean registerMbeans() { return registerMbeans; }

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
        if (dataSource != null) {
            out.append("dataSource=").append(dataSource.getClass().getName()).append(", ");
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
                .append(Redaction.isSecretName(name) ? Redaction.MASK
                        : name.equalsIgnoreCase("url") ? Redaction.url(value) : value).append(", ")); // a data source's URL
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
            case "pgbouncer": return Values.modeName(pgbouncer);
            case "targetServerType": return targetServerType.key();
            default: return value instanceof Duration ? Durations.format((Duration) value) : String.valueOf(value);
        }
    }

    private Object value(String key) {
        switch (key) {
            case "jdbcUrl": return jdbcUrl;
            case "hosts": return hosts;
            case "targetServerType": return targetServerType;
            case "username": return username;
            case "password": return password;
            case "driverClassName": return driverClassName;
            case "dataSourceClassName": return dataSourceClassName;
            case "poolName": return poolName();
            case "maxSize": return maxSize();
            case "minIdle": return minIdle();
            case "acquireTimeout": return acquireTimeout();
            case "maxWaiters": return maxWaiters();
            case "validationTimeout": return validationTimeout();
            case "validationQuery": return validationQuery;
            case "idleTimeout": return idleTimeout();
            case "maxLifetime": return maxLifetime();
            case "keepaliveInterval": return keepaliveInterval();
            case "leakThreshold": return leakThreshold();
            case "autoCommit": return autoCommit;
            case "transactionIsolation": return transactionIsolation;
            case "readOnly": return readOnly;
            case "catalog": return catalog;
            case "schema": return schema;
            case "connectionInitSql": return connectionInitSql;
            case "failFast": return failFast;
            case "sessionReset": return sessionReset;
            case "idleInTransactionThreshold": return idleInTransactionThreshold;
            case "drainTimeout": return drainTimeout();
            case "pgbouncer": return pgbouncer;
            case "registerMbeans": return registerMbeans;
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
        values.add(dataSource == null ? null : new Identity(dataSource));
        return values;
    }

    /** Compares a data source by identity: two configurations share one only if it is the same object. */
    private record Identity(Object target) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Identity && ((Identity) o).target == target;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(target);
        }
    }

    /**
     * Collects the keys; {@link #build()} validates them all at once. Setting a nullable key to null
     * restores its default (the driver's value, or none).
     */
    public static final class Builder {
        private String jdbcUrl;
        private String hosts;
        private TargetServerType targetServerType;
        private String username;
        private String password;
        private java.util.function.Supplier<DbCredentials> credentialsSupplier;
        private String driverClassName;
        private String dataSourceClassName;
        private DataSource dataSource;
        private final Map<String, String> driverProperties = new LinkedHashMap<>();
        private final PoolSettings.Builder pool; // the pool keys: their defaults and rules are the core's
        private String validationQuery;
        private Boolean autoCommit;
        private Integer transactionIsolation;
        private Boolean readOnly;
        private String catalog;
        private String schema;
        private String connectionInitSql;
        private boolean failFast = true;
        private SessionReset sessionReset = SessionReset.AUTO;
        private Duration idleInTransactionThreshold = DEFAULT_IDLE_IN_TRANSACTION;
        private PgBouncerMode pgbouncer = PgBouncerMode.AUTO;
        private boolean registerMbeans;

        private Builder() {
            this(PoolSettings.builder());
        }

        private Builder(PoolSettings.Builder pool) {
            this.pool = pool;
        }

        /** The driver's URL, starting with {@code jdbc:}; set this, {@link #dataSourceClassName} or {@link #dataSource}. */
        public Builder jdbcUrl(String jdbcUrl) { this.jdbcUrl = jdbcUrl; return this; }
        /**
         * Several hosts for one pool, {@code host:port[,host:port...]}, replacing the host of
         * {@code jdbcUrl} (which keeps the database and parameters). Default: the URL's hosts.
         */
        public Builder hosts(String hosts) { this.hosts = hosts; return this; }
        /** Which hosts new connections go to; default {@code primary}, {@code preferStandby} when {@code readOnly} is true. */
        public Builder targetServerType(TargetServerType type) { this.targetServerType = type; return this; }
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
        /**
         * Instead of {@code jdbcUrl}: a {@code javax.sql.DataSource} class with a public no-argument
         * constructor (e.g. {@code org.postgresql.ds.PGSimpleDataSource}); the pool creates it and sets
         * each {@code driver.<name>} as its JavaBean property, as HikariCP does with {@code dataSource.<name>}.
         */
        public Builder dataSourceClassName(String name) { this.dataSourceClassName = name; return this; }
        /**
         * Instead of {@code jdbcUrl}: the application's own data source, configured by the
         * application (the pool sets nothing on it; {@code driver.<name>} keys are refused). The pool
         * takes connections with {@code getConnection(username, password)}, or {@code getConnection()}
         * when neither is set, and never closes the data source. Not a {@code Properties} key.
         */
        public Builder dataSource(DataSource dataSource) { this.dataSource = dataSource; return this; }
        /**
         * Passes {@code value} to the driver as property {@code name} (key {@code driver.<name>}); with
         * {@code dataSourceClassName}, sets the data source's JavaBean property {@code name}.
         */
        public Builder driverProperty(String name, String value) { driverProperties.put(name, value); return this; }
        /** Default none: each data source started from the configuration is numbered {@code tidepool-<n>} when it starts. */
        public Builder poolName(String poolName) { pool.name(poolName); return this; }
        /** Default 10; at least 1. */
        public Builder maxSize(int maxSize) { pool.maxSize(maxSize); return this; }
        /** Default = maxSize (a fixed-size pool); 0..maxSize. */
        public Builder minIdle(int minIdle) { pool.minIdle(minIdle); return this; }
        /** Default 30s; must be > 0. */
        public Builder acquireTimeout(Duration d) { pool.acquireTimeout(d); return this; }
        /**
         * Default 0 (no limit by count): when this many threads already wait, {@code getConnection()} fails
         * at once with {@code SQLTransientConnectionException} instead of queueing another; {@code >= 0}.
         */
        public Builder maxWaiters(int maxWaiters) { pool.maxWaiters(maxWaiters); return this; }
        /**
         * Default min(5s, acquireTimeout / 4), so that any valid acquireTimeout works on its own;
         * when set, must be {@code > 0} and {@code < acquireTimeout}. Null restores the default.
         */
        public Builder validationTimeout(Duration d) { pool.validationTimeout(d); return this; }
        public Builder validationQuery(String sql) { this.validationQuery = sql; return this; }
        /** Default 10m; ZERO = never. */
        public Builder idleTimeout(Duration d) { pool.idleTimeout(d); return this; }
        /** Default 30m; ZERO = never, otherwise at least 30s. */
        public Builder maxLifetime(Duration d) { pool.maxLifetime(d); return this; }
        /** Default 2m; ZERO = never, otherwise at least 1s and less than a non-zero maxLifetime. */
        public Builder keepaliveInterval(Duration d) { pool.keepaliveInterval(d); return this; }
        /** Default ZERO (off). */
        public Builder leakThreshold(Duration d) { pool.leakThreshold(d); return this; }
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
        public Builder drainTimeout(Duration d) { pool.drainTimeout(d); return this; }
        /** Default {@link PgBouncerMode#AUTO}: detect a pooler on the first connection. */
        public Builder pgbouncer(PgBouncerMode mode) { this.pgbouncer = mode; return this; }
        /**
         * Default false (as HikariCP): when true, the data source registers an MXBean (stats, holders,
         * diagnosis, suspend/resume, runtime sizes) under {@code dev.tidepool:type=Pool,name=<poolName>},
         * unregistered on close.
         */
        public Builder registerMbeans(boolean register) { this.registerMbeans = register; return this; }

        /**
         * Sets every key in {@code properties}, read as {@link TidepoolConfig#fromProperties} reads
         * them, over what this builder holds: to add Tidepool's keys to a configuration read
         * another way, e.g. {@code fromHikariProperties(hikari).toBuilder().apply(tidepoolKeys)}.
         *
         * @throws IllegalArgumentException listing every unknown key and unreadable value
         */
        public Builder apply(Properties properties) { return PropertyBinder.bind(properties, this); }

        /**
         * Validates every key and builds the configuration.
         *
         * @throws IllegalArgumentException listing every problem, each starting with its key
         */
        public TidepoolConfig build() {
            Problems p = new Problems();
            Rules.source(p, jdbcUrl, dataSourceClassName, dataSource != null, !driverProperties.isEmpty());
            HostList.validate(p, jdbcUrl, hosts);
            if (hosts != null && jdbcUrl == null) {
                p.add("hosts (" + Values.quote(hosts) + ") applies only with jdbcUrl: a data source picks its own host;"
                        + " remove hosts, or use jdbcUrl instead of the data source");
            }
            if (targetServerType != null && jdbcUrl == null) {
                p.add("targetServerType (" + targetServerType.key() + ") applies only with jdbcUrl: a data source picks"
                        + " its own host; remove targetServerType, or use jdbcUrl instead of the data source");
            }
            Rules.driverClassName(p, driverClassName);
            Rules.dataSourceClassName(p, dataSourceClassName);
            if (driverClassName != null && jdbcUrl == null) {
                p.add("driverClassName (" + Values.quote(driverClassName) + ") applies only with jdbcUrl: "
                        + "remove it (the data source is its driver's)");
            }
            driverProperties.forEach((name, value) -> Rules.driverProperty(p, name, value));
            if (credentialsSupplier != null && (username != null || password != null)) {
                p.add("credentialsSupplier is set together with username/password: use one (the supplier answers"
                        + " user and password for each new connection)");
            }
            Rules.poolKeys(p, pool); // the core's rule of every pool key, then the connection floors
            p.notBlank("validationQuery", validationQuery, "Connection.isValid");
            Rules.isolation(p, transactionIsolation);
            p.notBlank("catalog", catalog, "the driver's");
            p.notBlank("schema", schema, "the driver's");
            p.notBlank("connectionInitSql", connectionInitSql, "none");
            if (sessionReset == null) {
                p.add("sessionReset (null) must be auto, always or never");
            }
            p.notNegative("idleInTransactionThreshold", idleInTransactionThreshold);
            if (pgbouncer == null) {
                p.add("pgbouncer (null) must be auto, transaction, session or off");
            }
            p.throwIfAny();
            return new TidepoolConfig(this, pool.build());
        }
    }
}
