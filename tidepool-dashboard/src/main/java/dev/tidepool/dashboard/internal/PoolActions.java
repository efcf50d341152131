package dev.tidepool.dashboard.internal;

import dev.tidepool.jdbc.TidepoolDataSource;

import java.util.List;

/** What the page may do to a pool when actions are enabled; each answers what it did. */
public final class PoolActions {

    public static final List<String> NAMES = List.of("soft-evict", "suspend", "resume");

    private PoolActions() {
    }

    /** Runs {@code action} (one of {@link #NAMES}) and says what was done, for the event log and the page. */
    public static String run(TidepoolDataSource ds, String action) {
        switch (action) {
            case "soft-evict" -> {
                ds.softEvictAll();
                return "soft-evicted every connection (idle ones now, borrowed ones when they come back)";
            }
            case "suspend" -> {
                ds.suspend();
                return "suspended: getConnection() waits (within acquireTimeout) until resumed";
            }
            case "resume" -> {
                ds.resume();
                return "resumed: lending again";
            }
            default -> throw new IllegalArgumentException("no such action: " + action);
        }
    }
}
