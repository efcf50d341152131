package dev.tidepool.micrometer.internal;

import dev.tidepool.core.DestroyReason;

/**
 * The meter and tag names, in one place: the OpenTelemetry semantic conventions for database
 * client connection metrics (db.client.connection.*), Tidepool's own (tidepool.connections.*),
 * and HikariCP's (hikaricp.connections*). Micrometer's dot names become Prometheus' underscores.
 */
public final class MeterNames {
    // OpenTelemetry semantic conventions (database client metrics).
    public static final String COUNT = "db.client.connection.count";
    public static final String IDLE_MAX = "db.client.connection.idle.max";
    public static final String IDLE_MIN = "db.client.connection.idle.min";
    public static final String MAX = "db.client.connection.max";
    public static final String PENDING = "db.client.connection.pending_requests";
    public static final String TIMEOUTS = "db.client.connection.timeouts";
    public static final String CREATE_TIME = "db.client.connection.create_time";
    public static final String WAIT_TIME = "db.client.connection.wait_time";
    public static final String USE_TIME = "db.client.connection.use_time";
    public static final String POOL_NAME = "db.client.connection.pool.name";
    public static final String STATE = "db.client.connection.state";

    // Tidepool's own.
    public static final String DESTROYED = "tidepool.connections.destroyed";
    public static final String CONNECT_FAILURES = "tidepool.connections.connect_failures";
    public static final String IDLE_IN_TRANSACTION = "tidepool.connections.idle_in_transaction";
    public static final String LEAKS = "tidepool.connections.leaks";
    public static final String RESETS = "tidepool.connections.resets";
    public static final String SUSPENDED = "tidepool.pool.suspended";
    public static final String REASON = "reason";
    public static final String CLASS = "class";
    public static final String ATTRIBUTE = "attribute";
    public static final String KIND = "kind";

    // HikariCP's (MicrometerMetricsTracker), for dashboards built on them.
    public static final String HIKARI = "hikaricp.connections";
    public static final String HIKARI_POOL = "pool";
    public static final String HIKARI_ACQUIRE = HIKARI + ".acquire";
    public static final String HIKARI_USAGE = HIKARI + ".usage";

    private MeterNames() {
    }

    /** The reason tag: the words operators use (lifetime, idle, broken, validation_failed, reset_failed, leaked, ...). */
    public static String reason(DestroyReason r) {
        switch (r) {
            case MAX_LIFETIME: return "lifetime";
            case IDLE_TIMEOUT: return "idle";
            case BROKEN: return "broken";
            case VALIDATION_FAILED: return "validation_failed";
            case RESET_FAILED: return "reset_failed";
            case ABANDONED: return "leaked";
            case EVICTED: return "evicted";
            case MADE_ROOM: return "made_room";
            case POOL_CLOSED: return "pool_closed";
            case SHRUNK: return "shrunk";
            case REBALANCED: return "rebalanced";
            default: return r.name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
