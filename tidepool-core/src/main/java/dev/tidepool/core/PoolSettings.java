package dev.tidepool.core;

import dev.tidepool.core.internal.RuntimeSettings;
import dev.tidepool.core.internal.PoolNames;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings of one pool: an immutable value, validated in full when built. Nothing is
 * clamped silently: bad values and contradictions fail with one exception listing every problem,
 * each naming the key, the value and the rule. {@code Duration.ZERO} switches a timed behaviour off.
 *
 * <p>The one place for each pool key's default (the constants below, and the builder's fields
 * start from them) and rule ({@link PoolRules}, called from {@link Builder#problems()}).
 * The JDBC layer's {@code TidepoolConfig} holds its pool keys in a {@code PoolSettings} and adds
 * only rules about database connections.
 */
public final class PoolSettings {
    /** Default {@code maxSize}. */
    public static final int DEFAULT_MAX_SIZE = 10;
    /** Default {@code acquireTimeout}. */
    public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * The cap of the derived {@code validationTimeout} default, min(this, acquireTimeout /
     * {@link #VALIDATION_SHARE_OF_ACQUIRE}): a longer validation says the resource is not answering.
     */
    public static final Duration DEFAULT_VALIDATION_TIMEOUT_CAP = Duration.ofSeconds(5);
    /** The derived {@code validationTimeout} default is acquireTimeout divided by this, at most the cap. */
    public static final int VALIDATION_SHARE_OF_ACQUIRE = 4;
    /** Default {@code idleTimeout}. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** Default {@code maxLifetime}. */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(30);
    /** Default {@code keepaliveInterval}. */
    public static final Duration DEFAULT_KEEPALIVE_INTERVAL = Duration.ofMinutes(2);
    /** Default {@code leakThreshold}: off. */
    public static final Duration DEFAULT_LEAK_THRESHOLD = Duration.ZERO;
    /** Default {@code drainTimeout}. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@code maxWaiters}: no limit by count. */
    public static final int DEFAULT_MAX_WAITERS = 0;

    private final String name;
    private final int maxSize;
    private final int minIdle;
    private final Integer minIdleSetting; // null = follows maxSize; kept so toBuilder().maxSize(n) still does
    private final Duration acquireTimeout;
    private final Duration validationTimeout;
    private final Duration validationTimeoutSetting; // null = derived from acquireTimeout; kept for toBuilder()
    private final Duration idleTimeout;
    private final Duration maxLifetime;
    private final Duration keepaliveInterval;
    private final Duration leakThreshold;
    private final Duration drainTimeout;
    private final int maxWaiters;
    private final Ticker ticker;
    private final PoolListener listener;

    private PoolSettings(Builder b) {
        name = b.name;
        maxSize = b.maxSize;
        minIdleSetting = b.minIdle;
        minIdle = b.minIdle != null ? b.minIdle : b.maxSize;
        acquireTimeout = b.acquireTimeout;
        validationTimeoutSetting = b.validationTimeout;
        validationTimeout = b.validationTimeout != null ? b.validationTimeout : defaultValidationTimeout(b.acquireTimeout);
        idleTimeout = b.idleTimeout;
        maxLifetime = b.maxLifetime;
        keepaliveInterval = b.keepaliveInterval;
        leakThreshold = b.leakThreshold;
        drainTimeout = b.drainTimeout;
        maxWaiters = b.maxWaiters;
        ticker = b.ticker;
        listener = b.listener;
    }

    /** A copy with new values of the three settings that may change while a pool runs; the rest as in {@code base}. */
    private PoolSettings(PoolSettings base, int maxSize, int minIdle, Integer minIdleSetting, Duration acquireTimeout) {
        name = base.name;
        this.maxSize = maxSize;
        this.minIdle = minIdle;
        this.minIdleSetting = minIdleSetting;
        this.acquireTimeout = acquireTimeout;
        validationTimeout = base.validationTimeout; // fixed for the pool's life, whatever acquireTimeout becomes
        validationTimeoutSetting = base.validationTimeoutSetting;
        idleTimeout = base.idleTimeout;
        maxLifetime = base.maxLifetime;
        keepaliveInterval = base.keepaliveInterval;
        leakThreshold = base.leakThreshold;
        drainTimeout = base.drainTimeout;
        maxWaiters = base.maxWaiters;
        ticker = base.ticker;
        listener = base.listener;
    }

    /**
     * The name the next unnamed pool gets: {@code tidepool-1}, {@code tidepool-2}... from one
     * counter per JVM, so two unnamed pools never share a name. A pool started without a name takes
     * one; a layer that names its pool itself (the JDBC layer) calls it when its pool starts.
     */
    public static String nextName() {
        return PoolNames.next();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The default validationTimeout for {@code acquireTimeout}: a quarter of it, at most
     * {@link #DEFAULT_VALIDATION_TIMEOUT_CAP}, so a borrower whose candidates hang in validation
     * can try up to three of them and still get a fresh resource within its wait. Null when
     * acquireTimeout is itself invalid (its own rule reports it).
     */
    public static Duration defaultValidationTimeout(Duration acquireTimeout) {
        if (acquireTimeout == null || acquireTimeout.isNegative() || acquireTimeout.isZero()) {
            return null;
        }
        Duration share = acquireTimeout.dividedBy(VALIDATION_SHARE_OF_ACQUIRE);
        if (share.isZero()) {
            return acquireTimeout; // a timeout of a few nanoseconds: nothing smaller to give
        }
        return share.compareTo(DEFAULT_VALIDATION_TIMEOUT_CAP) < 0 ? share : DEFAULT_VALIDATION_TIMEOUT_CAP;
    }

    /**
     * A builder starting from these settings. A {@code minIdle} or {@code validationTimeout} that was
     * left unset stays unset, so it follows a later {@code maxSize} or {@code acquireTimeout}.
     */
    public Builder toBuilder() {
        Builder b = new Builder().name(name).maxSize(maxSize).acquireTimeout(acquireTimeout)
                .idleTimeout(idleTimeout).maxLifetime(maxLifetime)
                .keepaliveInterval(keepaliveInterval).leakThreshold(leakThreshold).drainTimeout(drainTimeout)
                .maxWaiters(maxWaiters).ticker(ticker).listener(listener);
        b.minIdle = minIdleSetting;
        b.validationTimeout = validationTimeoutSetting;
        return b;
    }

    /**
     * These settings with a new {@code maxSize}, for a pool that changes it while it runs; minIdle
     * keeps the value in effect. The three {@code with} methods check their key with the runtime
     * rules, which are the build-time rules of that key.
     *
     * @throws IllegalArgumentException naming the key, the value and the rule
     */
    public PoolSettings withMaxSize(int maxSize) {
        RuntimeSettings.checkMaxSize(maxSize, minIdle);
        return new PoolSettings(this, maxSize, minIdle, minIdleSetting, acquireTimeout);
    }

    /** These settings with a new {@code minIdle} (from now on set, no longer following maxSize), for a running pool. */
    public PoolSettings withMinIdle(int minIdle) {
        RuntimeSettings.checkMinIdle(minIdle, maxSize);
        return new PoolSettings(this, maxSize, minIdle, minIdle, acquireTimeout);
    }

    /**
     * These settings with a new {@code acquireTimeout}, for a pool that changes it while it runs:
     * validationTimeout keeps the value in effect (each validation is bounded by the borrower's
     * remaining wait anyway), so the build-time relation between the two is not checked again.
     */
    public PoolSettings withAcquireTimeout(Duration acquireTimeout) {
        RuntimeSettings.checkAcquireTimeout(acquireTimeout);
        return new PoolSettings(this, maxSize, minIdle, minIdleSetting, acquireTimeout);
    }

    /** The name given; null until a pool starts with these settings and numbers itself {@code tidepool-<n>}. */
    public String name() { return name; }
    public int maxSize() { return maxSize; }
    public int minIdle() { return minIdle; }
    public Duration acquireTimeout() { return acquireTimeout; }
    public Duration validationTimeout() { return validationTimeout; }
    public Duration idleTimeout() { return idleTimeout; }
    public Duration maxLifetime() { return maxLifetime; }
    public Duration keepaliveInterval() { return keepaliveInterval; }
    public Duration leakThreshold() { return leakThreshold; }
    public Duration drainTimeout() { return drainTimeout; }
    /** Most threads waiting at once before newcomers are turned away; 0: no limit by count. */
    public int maxWaiters() { return maxWaiters; }
    public Ticker ticker() { return ticker; }
    public PoolListener listener() { return listener; }

    @Override
    public String toString() {
        return "PoolSettings{name=" + name + ", maxSize=" + maxSize + ", minIdle=" + minIdle
                + ", acquireTimeout=" + acquireTimeout + ", validationTimeout=" + validationTimeout
                + ", idleTimeout=" + idleTimeout + ", maxLifetime=" + maxLifetime
                + ", keepaliveInterval=" + keepaliveInterval + ", leakThreshold=" + leakThreshold
                + ", drainTimeout=" + drainTimeout + ", maxWaiters=" + maxWaiters + "}";
    }

    /** Collects settings; {@link #build()} validates them all at once. */
    public static final class Builder {
        private String name;
        private int maxSize = DEFAULT_MAX_SIZE;
        private Integer minIdle; // null: = maxSize
        private Duration acquireTimeout = DEFAULT_ACQUIRE_TIMEOUT;
        private Duration validationTimeout; // null: defaultValidationTimeout(acquireTimeout)
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration maxLifetime = DEFAULT_MAX_LIFETIME;
        private Duration keepaliveInterval = DEFAULT_KEEPALIVE_INTERVAL;
        private Duration leakThreshold = DEFAULT_LEAK_THRESHOLD;
        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
        private int maxWaiters = DEFAULT_MAX_WAITERS;
        private Ticker ticker = Ticker.SYSTEM;
        private PoolListener listener = PoolListener.NONE;

        private Builder() {
        }

        /**
         * Prefixes every log line, error and thread name; not blank, no control characters. Default
         * none: a pool started with unnamed settings numbers itself {@code tidepool-<n>}.
         */
        public Builder name(String name) { this.name = name; return this; }
        /** Most resources open at once; default 10, at least 1. */
        public Builder maxSize(int maxSize) { this.maxSize = maxSize; return this; }
        /** Idle resources kept ready; default = maxSize (a fixed-size pool); 0..maxSize. */
        public Builder minIdle(int minIdle) { this.minIdle = minIdle; return this; }
        /** Longest wait in {@code acquire()}; default 30s; must be > 0 (nothing waits forever). */
        public Builder acquireTimeout(Duration d) { this.acquireTimeout = d; return this; }
        /**
         * Bound on one validation. Default min(5s, acquireTimeout / 4), so that any valid
         * acquireTimeout works on its own; when set, must be {@code > 0} and {@code < acquireTimeout}.
         * Null restores the default.
         */
        public Builder validationTimeout(Duration d) { this.validationTimeout = d; return this; }
        /** Idle resources above minIdle are closed after this; default 10m; ZERO = never. */
        public Builder idleTimeout(Duration d) { this.idleTimeout = d; return this; }
        /** Resources are retired after this, jittered down; default 30m; ZERO = never. */
        public Builder maxLifetime(Duration d) { this.maxLifetime = d; return this; }
        /** Idle resources are validated this often (jittered); default 2m; ZERO = never; {@code <} a non-zero maxLifetime. */
        public Builder keepaliveInterval(Duration d) { this.keepaliveInterval = d; return this; }
        /** When positive, borrow stacks are recorded and a hold longer than this is reported; default ZERO (off). */
        public Builder leakThreshold(Duration d) { this.leakThreshold = d; return this; }
        /** How long {@code close()} waits for lent resources to come back; default 10s; ZERO = at once. */
        public Builder drainTimeout(Duration d) { this.drainTimeout = d; return this; }
        /**
         * Load shedding: when this many threads already wait, {@code acquire()} fails at once with
         * {@link PoolSaturatedException} instead of queueing another; default 0, no limit by
         * count (every wait is still bounded by acquireTimeout).
         */
        public Builder maxWaiters(int maxWaiters) { this.maxWaiters = maxWaiters; return this; }
        /** The clock; tests pass a fake one. */
        public Builder ticker(Ticker ticker) { this.ticker = ticker; return this; }
        /** Hears pool events (metrics, diagnosis). */
        public Builder listener(PoolListener listener) { this.listener = listener; return this; }

        /** A builder with the same settings, to change without changing this one (e.g. to check a variant). */
        public Builder copy() {
            Builder b = new Builder();
            b.name = name;
            b.maxSize = maxSize;
            b.minIdle = minIdle;
            b.acquireTimeout = acquireTimeout;
            b.validationTimeout = validationTimeout;
            b.idleTimeout = idleTimeout;
            b.maxLifetime = maxLifetime;
            b.keepaliveInterval = keepaliveInterval;
            b.leakThreshold = leakThreshold;
            b.drainTimeout = drainTimeout;
            b.maxWaiters = maxWaiters;
            b.ticker = ticker;
            b.listener = listener;
            return b;
        }

        /** maxLifetime as set so far (or its default), for a layer that adds rules of its own before {@link #build()}. */
        public Duration maxLifetime() { return maxLifetime; }
        /** keepaliveInterval as set so far (or its default), for a layer that adds rules of its own before {@link #build()}. */
        public Duration keepaliveInterval() { return keepaliveInterval; }

        /**
         * Every problem with these settings, in key order, each starting with its key, naming the
         * value and the rule; empty when {@link #build()} would succeed (ticker and listener aside).
         */
        public List<String> problems() {
            List<String> found = new ArrayList<>();
            PoolRules rules = new PoolRules(found::add);
            rules.poolName(name);
            rules.sizes(maxSize, minIdle);
            rules.timeouts(acquireTimeout, validationTimeout);
            rules.maxWaiters(maxWaiters);
            rules.notNegative("idleTimeout", idleTimeout);
            rules.lifetimes(maxLifetime, keepaliveInterval);
            rules.notNegative("leakThreshold", leakThreshold);
            rules.notNegative("drainTimeout", drainTimeout);
            return found;
        }

        /**
         * Validates every setting and builds the settings.
         *
         * @throws IllegalArgumentException listing every problem ({@link #problems()}), "; "-separated
         */
        public PoolSettings build() {
            List<String> found = problems();
            if (!found.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", found));
            }
            Objects.requireNonNull(ticker, "ticker");
            Objects.requireNonNull(listener, "listener");
            return new PoolSettings(this);
        }
    }
}
