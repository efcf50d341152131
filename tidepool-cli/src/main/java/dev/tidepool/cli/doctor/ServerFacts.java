package dev.tidepool.cli.doctor;

import java.util.List;

/**
 * What the doctor learned about the server once logged in. Limits are null when unknown (a vendor
 * the doctor does not survey, or a query the user may not run); {@link #notes()} says why.
 *
 * @param groupColumns how sessions are grouped: user/application/state (PostgreSQL) or
 *        user/db/command (MariaDB)
 * @param sessionsInUse client sessions open now, other than the doctor's own
 * @param userLimit the per-user (or per-role) connection limit, null when none
 * @param userSessions sessions of the doctor's user open now, other than the doctor's own
 */
public record ServerFacts(String product, String version, Integer maxConnections, int reservedConnections,
                          Integer userLimit, String userLimitSource, int userSessions, Integer sessionsInUse,
                          List<String> groupColumns, List<SessionGroup> sessions,
                          List<IdleInTransaction> idleInTransaction, List<String> notes) {

    /** Sessions with the same user, application (or db) and state (or command). */
    public record SessionGroup(String user, String application, String state, int count) {
    }

    /** Sessions of one user and application (or db) sitting in an open transaction, doing nothing. */
    public record IdleInTransaction(String user, String application, int count, long longestSeconds) {
    }
}
