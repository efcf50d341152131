package dev.tidepool.jdbc.internal.cluster;

/** What a server said it is, right after a connect ({@link RoleCheck}). */
public enum ServerRole {
    /** Writable: not in recovery, not read-only. */
    PRIMARY,
    /** In recovery (a streaming replica) or read-only. */
    STANDBY,
    /** Not asked yet, or a driver Tidepool cannot ask. */
    UNKNOWN
}
