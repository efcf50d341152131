package dev.tidepool.cli.doctor;

import dev.tidepool.cli.doctor.ServerFacts.IdleInTransaction;
import dev.tidepool.cli.doctor.ServerFacts.SessionGroup;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The questions a DBA asks a server after logging in: which version, how many connections it
 * allows, who holds them now, and who sits idle inside a transaction. Each query that fails (no
 * privilege, an older version) becomes a note, never a failure of the doctor.
 */
final class ServerSurvey {

    /** Session groups shown at most; the rest are summed into the totals. */
    static final int MAX_GROUPS = 50;

    private static final String PG_SESSIONS = "select coalesce(usename, '-'),"
            + " coalesce(nullif(application_name, ''), '-'), coalesce(state, '-'), count(*)"
            // Without pg_read_all_stats another user's backend_type is hidden (null): a row with a
            // database is then taken for a client session, or an unprivileged doctor would see none.
            + " from pg_stat_activity where (backend_type = 'client backend' or backend_type is null and datid is not null)"
            + " and pid <> pg_backend_pid()"
            + " group by 1, 2, 3 order by 4 desc, 1, 2, 3";
    private static final String PG_IDLE_IN_TX = "select coalesce(usename, '-'),"
            + " coalesce(nullif(application_name, ''), '-'), count(*),"
            + " coalesce(extract(epoch from max(now() - state_change)), 0)::bigint"
            + " from pg_stat_activity where state in ('idle in transaction', 'idle in transaction (aborted)')"
            + " group by 1, 2 order by 4 desc, 1, 2";
    private static final String PG_RESERVED = "select coalesce(sum(setting::int), 0) from pg_settings"
            + " where name in ('superuser_reserved_connections', 'reserved_connections')";
    private static final String PG_ROLE_LIMIT = "select rolconnlimit, (select count(*) from pg_stat_activity"
            + " where usename = current_user and pid <> pg_backend_pid()) from pg_roles where rolname = current_user";
    private static final String MARIA_SESSIONS = "select user, coalesce(db, '-'), command, count(*)"
            + " from information_schema.processlist where id <> connection_id() and command <> 'Daemon'"
            + " group by user, db, command order by 4 desc, 1, 2, 3";
    private static final String MARIA_IDLE_IN_TX = "select p.user, coalesce(p.db, '-'), count(*), max(p.time)"
            + " from information_schema.innodb_trx t join information_schema.processlist p"
            + " on p.id = t.trx_mysql_thread_id where p.command = 'Sleep'"
            + " group by p.user, p.db order by 4 desc, 1, 2";
    private static final String MARIA_USER_SESSIONS = "select count(*) from information_schema.processlist"
            + " where user = substring_index(current_user(), '@', 1) and id <> connection_id()";

    private final Connection connection;
    private final int timeoutSeconds;
    private final List<String> notes = new ArrayList<>();

    ServerSurvey(Connection connection, Duration timeout) {
        this.connection = connection;
        this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
    }

    ServerFacts survey(JdbcTarget target) {
        String product = "?";
        String version = "?";
        try {
            DatabaseMetaData meta = connection.getMetaData();
            product = meta.getDatabaseProductName();
            version = meta.getDatabaseProductVersion();
        } catch (SQLException e) {
            notes.add("server version unknown: " + e.getMessage());
        }
        if (JdbcTarget.POSTGRESQL.equals(target.vendor())) {
            return postgres(product, version);
        }
        if (target.mariadbFamily()) {
            return mariadb(product, version);
        }
        notes.add("connection limits and sessions are surveyed on PostgreSQL and MariaDB/MySQL only");
        return new ServerFacts(product, version, null, 0, null, null, 0, null, List.of(), List.of(), List.of(),
                List.copyOf(notes));
    }

    private ServerFacts postgres(String product, String version) {
        Integer max = intQuery("show max_connections", "max_connections");
        Integer reserved = intQuery(PG_RESERVED, "reserved connections");
        Integer roleLimit = null;
        int roleSessions = 0;
        List<Object[]> role = rows(PG_ROLE_LIMIT, 2, "the role's connection limit");
        if (role != null && !role.isEmpty() && ((Number) role.get(0)[0]).intValue() >= 0) {
            roleLimit = ((Number) role.get(0)[0]).intValue();
            roleSessions = ((Number) role.get(0)[1]).intValue();
        }
        List<SessionGroup> sessions = sessions(PG_SESSIONS, "sessions (pg_stat_activity)");
        List<IdleInTransaction> idle = idle(PG_IDLE_IN_TX, "sessions idle in transaction");
        return new ServerFacts(product, version, max, reserved == null ? 0 : reserved, roleLimit,
                "CONNECTION LIMIT of the role", roleSessions, total(sessions),
                List.of("user", "application", "state"), sessions, idle, List.copyOf(notes));
    }

    private ServerFacts mariadb(String product, String version) {
        Integer max = intQuery("select @@max_connections", "max_connections");
        Integer userMax = intQuery("select @@max_user_connections", "max_user_connections");
        Integer userSessions = intQuery(MARIA_USER_SESSIONS, "this user's sessions");
        List<SessionGroup> sessions = sessions(MARIA_SESSIONS, "sessions (information_schema.processlist)");
        List<IdleInTransaction> idle = idle(MARIA_IDLE_IN_TX, "sessions idle in transaction (innodb_trx)");
        return new ServerFacts(product, version, max, 0, userMax != null && userMax > 0 ? userMax : null,
                "max_user_connections", userSessions == null ? 0 : userSessions, total(sessions),
                List.of("user", "db", "command"), sessions, idle, List.copyOf(notes));
    }

    private static Integer total(List<SessionGroup> sessions) {
        return sessions == null ? null : sessions.stream().mapToInt(SessionGroup::count).sum();
    }

    private List<SessionGroup> sessions(String sql, String what) {
        List<Object[]> rows = rows(sql, 4, what);
        if (rows == null) {
            return null;
        }
        List<SessionGroup> groups = new ArrayList<>();
        for (Object[] r : rows) {
            groups.add(new SessionGroup(str(r[0]), str(r[1]), str(r[2]), ((Number) r[3]).intValue()));
        }
        return groups;
    }

    private List<IdleInTransaction> idle(String sql, String what) {
        List<Object[]> rows = rows(sql, 4, what);
        if (rows == null) {
            return null;
        }
        List<IdleInTransaction> groups = new ArrayList<>();
        for (Object[] r : rows) {
            groups.add(new IdleInTransaction(str(r[0]), str(r[1]), ((Number) r[2]).intValue(),
                    r[3] == null ? 0 : ((Number) r[3]).longValue()));
        }
        return groups;
    }

    private Integer intQuery(String sql, String what) {
        List<Object[]> r = rows(sql, 1, what);
        if (r == null || r.isEmpty() || r.get(0)[0] == null) {
            return null;
        }
        Object v = r.get(0)[0];
        try {
            return v instanceof Number ? ((Number) v).intValue() : Integer.parseInt(v.toString().strip());
        } catch (NumberFormatException e) {
            notes.add(what + " unknown: '" + v + "' is not a number");
            return null;
        }
    }

    /** Up to {@link #MAX_GROUPS} rows; numbers as Number, the rest as String. A failure becomes a note and null. */
    private List<Object[]> rows(String sql, int columns, String what) {
        List<Object[]> rows = new ArrayList<>();
        try (Statement s = connection.createStatement()) {
            s.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next() && rows.size() < MAX_GROUPS) {
                    Object[] row = new Object[columns];
                    for (int i = 0; i < columns; i++) {
                        Object v = rs.getObject(i + 1);
                        row[i] = v instanceof Number || v == null ? v : v.toString();
                    }
                    rows.add(row);
                }
            }
        } catch (SQLException e) {
            notes.add(what + " unknown: " + e.getMessage());
            return null;
        }
        return rows;
    }

    private static String str(Object o) {
        return o == null ? "-" : o.toString();
    }
}
