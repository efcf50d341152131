package dev.tidepool.cli.doctor;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * Tells a PgBouncer from PostgreSQL itself, then reads its mode and limits from its admin console.
 *
 * <p>The signal (the same as the pool's, see docs/decisions.md): PgBouncer answers the startup
 * itself and hands out a backend key of its own, so the pid in it is not the server's
 * {@code pg_backend_pid()}; directly to PostgreSQL the two are equal. The console
 * ({@code SHOW CONFIG}, {@code SHOW DATABASES}, {@code SHOW POOLS}) lets in only the users in
 * {@code admin_users} or {@code stats_users}: the doctor tries {@code --admin-user} when given, else
 * the connection's user, and says so when it is not let in.
 */
final class BouncerSurvey {

    private BouncerSurvey() {
    }

    /** The bouncer's facts, or null when {@code connection} goes to PostgreSQL itself. */
    static BouncerFacts probe(Connection connection, JdbcTarget target, String user, String adminUser,
                              String adminPassword, Duration timeout) throws SQLException {
        int key = connection.unwrap(PGConnection.class).getBackendPID();
        int serverPid;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            serverPid = rs.getInt(1);
        }
        if (key == serverPid) {
            return null;
        }
        String consoleUser = adminUser != null ? adminUser : user;
        if (consoleUser == null) {
            consoleUser = System.getProperty("user.name");
        }
        try (BouncerConsole console = BouncerConsole.open(target.host(), target.port(), consoleUser, adminPassword, timeout)) {
            return read(console, key, serverPid, consoleUser, target.database(), user);
        } catch (IOException e) {
            String problem = e.getMessage() == null ? e.toString() : e.getMessage();
            return new BouncerFacts(key, serverPid, consoleUser, problem, null, null, null, null, null, null, null,
                    null, null, null);
        }
    }

    private static BouncerFacts read(BouncerConsole console, int key, int serverPid, String consoleUser,
                                     String database, String user) throws IOException {
        String version = first(console.query("SHOW VERSION"));
        Map<String, String> config = new HashMap<>();
        for (Map<String, String> row : console.query("SHOW CONFIG")) {
            config.put(row.get("key"), row.get("value"));
        }
        Map<String, String> db = null;
        for (Map<String, String> row : console.query("SHOW DATABASES")) {
            if (database != null && database.equals(row.get("name"))) {
                db = row;
            }
        }
        String mode = config.get("pool_mode");
        Integer poolSize = integer(config.get("default_pool_size"));
        String poolSizeSource = "default_pool_size";
        Integer maxDb = integer(config.get("max_db_connections"));
        if (db != null) {
            if (present(db.get("pool_mode"))) {
                mode = db.get("pool_mode");
            }
            Integer dbPool = integer(db.get("pool_size"));
            if (dbPool != null && dbPool >= 0 && !dbPool.equals(poolSize)) {
                poolSize = dbPool;
                poolSizeSource = "pool_size of [databases] " + database;
            }
            Integer dbMax = integer(db.get("max_connections"));
            if (dbMax != null && dbMax > 0) {
                maxDb = dbMax;
            }
        }
        int clients = 0;
        int servers = 0;
        for (Map<String, String> pool : console.query("SHOW POOLS")) {
            if ("pgbouncer".equals(pool.get("database"))) {
                continue; // the console, with the doctor's own console connection
            }
            clients += intOr0(pool.get("cl_active")) + intOr0(pool.get("cl_waiting"));
            if (database == null || database.equals(pool.get("database"))) {
                servers += intOr0(pool.get("sv_active")) + intOr0(pool.get("sv_idle")) + intOr0(pool.get("sv_used"))
                        + intOr0(pool.get("sv_tested")) + intOr0(pool.get("sv_login"));
            }
        }
        return new BouncerFacts(key, serverPid, consoleUser, null, version, mode, poolSize, poolSizeSource,
                integer(config.get("reserve_pool_size")), integer(config.get("max_client_conn")), maxDb,
                integer(config.get("max_user_connections")), Math.max(0, clients - 1), servers);
    }

    private static String first(List<Map<String, String>> rows) {
        return rows.isEmpty() ? null : rows.get(0).values().iterator().next();
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static Integer integer(String s) {
        if (!present(s)) {
            return null;
        }
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int intOr0(String s) {
        Integer i = integer(s);
        return i == null ? 0 : i;
    }
}
