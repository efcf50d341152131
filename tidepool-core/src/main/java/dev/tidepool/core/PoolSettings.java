package dev.tidepool.core;

import dev.tidepool.core.internal.PoolNames;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings of one pool: an immutable value, validated in full when built. Nothing is
 * clamped silently: a bad value or a contradiction fails with a message naming the key, the value
 * and the rule. {@code Duration.ZERO} switches a timed behaviour off.
 */
public final class PoolSettings {
    private final String name;
    private final int maxSize;
    private final int minIdle;
    private final Duration acquireTimeout;
    private final Duration validationTimeout;
    private final Duration idleTimeout;
    private final Duration maxLifetime;
    private final Duration keepaliveInterval;
    private final Duration leakThreshold;
    private final Duration drainTimeout;
    private final int maxWaiters;
    private final Ticker ticker;
    private final PoolListener listener;

    private PoolSettings(Builder b) {
        name = b.name != null ? b.name : PoolNames.next();
        maxSize = b.maxSize;
        minIdle = b.minIdle != null ? b.minIdle : b.maxSize;
        acquireTimeout = b.acquireTimeout;
        validationTimeout = b.validationTimeout;
        idleTimeout = b.idleTimeout;
        maxLifetime = b.maxLifetime;
        keepaliveInterval = b.keepaliveInterval;
        leakThreshold = b.leakThreshold;
        drainTimeout = b.drainTimeout;
        maxWaiters = b.maxWaiters;
        ticker = b.ticker;
        listener = b.listener;
    }

    /**
     * The name the next unnamed pool gets: {@code tidepool-1}, {@code tidepool-2}... from one
     * counter per JVM, so two unnamed pools never share a name. Settings built without a name take
     * one; a layer that builds its own settings per pool (the JDBC layer) calls it when its pool starts.
     */
    public static String nextName() {
        return PoolNames.next();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder().name(name).maxSize(maxSize).minIdle(minIdle).acquireTimeout(acquireTimeout)
                .validationTimeout(validationTimeout).idleTimeout(idleTimeout).maxLifetime(maxLifetime)
                .keepaliveInterval(keepaliveInterval).leakThreshold(leakThreshold).drainTimeout(drainTimeout)
                .maxWaiters(maxWaiters).ticker(ticker).listener(listener);
    }

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
        private int maxSize = 10;
        private Integer minIdle;
        private Duration acquireTimeout = Duration.ofSeconds(30);
        private Duration validationTimeout = Duration.ofSeconds(5);
        private Duration idleTimeout = Duration.ofMinutes(10);
        private Duration maxLifetime = Duration.ofMinutes(30);
        private Duration keepaliveInterval = Duration.ofMinutes(2);
        private Duration leakThreshold = Duration.ZERO;
        private Duration drainTimeout = Duration.ofSeconds(10);
        private int maxWaiters;
        private Ticker ticker = Ticker.SYSTEM;
        private PoolListener listener = PoolListener.NONE;

        private Builder() {
        }

        /** Prefixes every log line, error and thread name; default {@code tidepool-<n>}. */
        public Builder name(String name) { this.name = name; return this; }
        /** Most resources open at once; default 10. */
        public Builder maxSize(int maxSize) { this.maxSize = maxSize; return this; }
        /** Idle resources kept ready; default = maxSize (a fixed-size pool). */
        public Builder minIdle(int minIdle) { this.minIdle = minIdle; return this; }
        /** Longest wait in {@code acquire()}; must be positive (nothing waits forever). */
        public Builder acquireTimeout(Duration d) { this.acquireTimeout = d; return this; }
        /** Bound on one validation. */
        public Builder validationTimeout(Duration d) { this.validationTimeout = d; return this; }
        /** Idle resources above minIdle are closed after this; ZERO = never. */
        public Builder idleTimeout(Duration d) { this.idleTimeout = d; return this; }
        /** Resources are retired after this, jittered down; ZERO = never. */
        public Builder maxLifetime(Duration d) { this.maxLifetime = d; return this; }
        /** Idle resources are validated this often (jittered); ZERO = never. */
        public Builder keepaliveInterval(Duration d) { this.keepaliveInterval = d; return this; }
        /** When positive, borrow stacks are recorded and a hold longer than this is reported. */
        public Builder leakThreshold(Duration d) { this.leakThreshold = d; return this; }
        /** How long {@code close()} waits for lent resources to come back. */
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

        public PoolSettings build() {
            if (name != null && name.isBlank()) {
                throw new IllegalArgumentException("poolName must not be blank");
            }
            if (maxSize < 1) {
                throw new IllegalArgumentException("maxSize (" + maxSize + ") must be >= 1");
            }
            if (minIdle != null && minIdle < 0) {
                throw new IllegalArgumentException("minIdle (" + minIdle + ") must be >= 0");
            }
            if (minIdle != null && minIdle > maxSize) {
                throw new IllegalArgumentException("minIdle (" + minIdle + ") must be <= maxSize (" + maxSize + ")");
            }
            if (maxWaiters < 0) {
                throw new IllegalArgumentException("maxWaiters (" + maxWaiters + ") must be >= 0 (0: no limit by count)");
            }
            requirePositive("acquireTimeout", acquireTimeout);
            requirePositive("validationTimeout", validationTimeout);
            requireNotNegative("idleTimeout", idleTimeout);
            requireNotNegative("maxLifetime", maxLifetime);
            requireNotNegative("keepaliveInterval", keepaliveInterval);
            requireNotNegative("leakThreshold", leakThreshold);
            requireNotNegative("drainTimeout", drainTimeout);
            Objects.requireNonNull(ticker, "ticker");
            Objects.requireNonNull(listener, "listener");
            return new PoolSettings(this);
        }

        private static void requirePositive(String key, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(key + " (" + d + ") must be > 0: nothing may wait forever");
            }
        }

        private static void requireNotNegative(String key, Duration d) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(key + " (" + d + ") must be >= 0 (0 switches it off)");
            }
        }
    }
}
