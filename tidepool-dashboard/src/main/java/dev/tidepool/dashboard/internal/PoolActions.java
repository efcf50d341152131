package dev.tidepool.dashboard.internal;

import dev.tidepool.jdbc.TidepoolDataSource;

import java.util.List;

/** What the page may do to a pool when actions are enabled; each answers what it did, or null if it cannot. */
public interface PoolActions {

    List<String> NAMES = List.of("soft-evict", "suspend", "resume");

    String run(TidepoolDataSource dataSource, String action);

    /** Soft-evict only: the pools of this build cannot suspend. */
    PoolActions SOFT_EVICT = (ds, action) -> {
        if (action.equals("soft-evict")) {
            ds.softEvictAll();
            return "soft-evicted every connection (idle ones now, borrowed ones when they come back)";
        }
        return null;
    };
}
