package dev.tidepool.jdbc;

import dev.tidepool.core.PoolStats;

import java.time.Duration;
import java.util.List;

/**
 * Why a pool is (or is not) running dry, as {@link TidepoolDataSource#diagnose()} and every
 * acquire timeout report it: who holds the connections, grouped by code location, and a verdict.
 * {@link #toString()} is the text that timeouts carry and the log shows, for example:
 *
 * <pre>
 * orders-db - no connection available within 2000 ms (total=5, active=5, idle=0, waiting=3, creating=0)
 *   5 of 5 held for 4.1-4.3 s by code now in JenkinsClient.startBuild(JenkinsClient.java:21) &lt;- BuildService.build(BuildService.java:35), in transaction, no JDBC call for 4.0-4.2 s; last SQL: update build set status = ? where id = ?; threads: build-1, build-2, build-3 +2 more
 *   Verdict: connections are held long by 1 code path: more connections will not help; fix the holder ...
 * </pre>
 *
 * @param poolName the pool
 * @param kind what kind of exhaustion this is
 * @param stats the counts the report was made from
 * @param groups the holders grouped by code location, longest held first (at most five)
 * @param holdersNotShown borrowed connections in groups beyond those shown
 * @param verdict the verdict line, without the {@code "Verdict: "} prefix
 * @param connectFailure for {@link Kind#CANNOT_CONNECT}, the class of the last connect failure; else null
 * @param text the whole report
 */
public record Diagnosis(String poolName, Kind kind, PoolStats stats, List<HolderGroup> groups, int holdersNotShown,
                        String verdict, ConnectFailure connectFailure, String text) {

    public Diagnosis {
        groups = List.copyOf(groups);
    }

    /** What kind of exhaustion the pool is in. */
    public enum Kind {
        /** Connections are free or nobody waits: the pool is not running dry now. */
        NOT_EXHAUSTED,
        /** Few code paths hold connections for a long time: more connections will not help; fix the holder. */
        HELD_LONG,
        /** Many short holds, or holders busy in the database: the pool is too small for the load or the database is slow. */
        TOO_SMALL_OR_SLOW,
        /** The pool cannot open the connections it is allowed: see {@link #connectFailure()}. */
        CANNOT_CONNECT
    }

    /**
     * The connections held from one code location.
     *
     * @param location the application frame where they were borrowed (when {@code leakThreshold}
     *        recorded borrow stacks), else the first application frame their threads are in now
     * @param borrowSite whether {@code location} is the borrow site (true) or where the threads are now
     * @param connections how many connections this group holds
     * @param heldMin the shortest hold in the group
     * @param heldMax the longest hold in the group
     * @param inTransaction how many have a transaction open
     * @param sinceLastCallMin the shortest time since a holder's last JDBC call
     * @param sinceLastCallMax the longest time since a holder's last JDBC call
     * @param inJdbcCall how many holder threads are inside a JDBC call right now (running SQL)
     * @param nowIn the first application frames of the longest holder's current stack
     * @param lastSql the longest holder's last SQL, shortened, literals masked; null if none
     * @param threads the holder threads' names (at most three)
     */
    public record HolderGroup(String location, boolean borrowSite, int connections, Duration heldMin,
                              Duration heldMax, int inTransaction, Duration sinceLastCallMin,
                              Duration sinceLastCallMax, int inJdbcCall, String nowIn, String lastSql,
                              List<String> threads) {

        public HolderGroup {
            threads = List.copyOf(threads);
        }
    }

    /** The report as text: the headline, one line per group, the verdict. */
    @Override
    public String toString() {
        return text;
    }
}
