package dev.tidepool.jdbc;

import dev.tidepool.jdbc.internal.config.Values;
import java.util.Locale;

/**
 * Which servers of a host list ({@code hosts}, or a {@code jdbcUrl} with several hosts) a pool's
 * new connections go to. Tidepool opens every physical connection to one host and asks the server
 * its role right after the login ({@code pg_is_in_recovery()} and {@code transaction_read_only} on
 * PostgreSQL, {@code @@global.read_only} on MariaDB/MySQL), so a connection never lands on the wrong
 * kind of server because a driver's hint was stale. Servers whose role cannot be asked (other
 * drivers) count as fitting every type.
 */
public enum TargetServerType {
    /** Only a writable server (not in recovery, not read-only). The default. */
    PRIMARY("primary"),
    /** Only a standby (a replica in recovery, or a read-only server). */
    STANDBY("standby"),
    /** A standby while one is reachable, else the primary: for read pools ({@code readOnly=true}). */
    PREFER_STANDBY("preferStandby"),
    /** Whichever host is healthy, spread evenly. */
    ANY("any");

    private final String key;

    TargetServerType(String key) {
        this.key = key;
    }

    /** The spelling in configuration: {@code primary}, {@code standby}, {@code preferStandby}, {@code any}. */
    public String key() {
        return key;
    }

    /**
     * The type spelled {@code text} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the key, the value and the choices
     */
    public static TargetServerType parse(String configKey, String text) {
        if (text != null) {
            String wanted = text.strip().toLowerCase(Locale.ROOT);
            for (TargetServerType t : values()) {
                if (t.key.toLowerCase(Locale.ROOT).equals(wanted)) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException(configKey + " (" + Values.quote(text) + ") must be primary, standby, preferStandby or any");
    }
}
