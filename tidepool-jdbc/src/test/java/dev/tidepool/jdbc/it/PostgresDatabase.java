package dev.tidepool.jdbc.it;

import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** PostgreSQL on 127.0.0.1:5432, database {@code test}, user {@code postgres}, trust authentication. */
final class PostgresDatabase extends ItDatabase {

    private final DbTarget target;
    private String otherSchema;

    private PostgresDatabase(DbTarget target) {
        super("postgres");
        this.target = target;
    }

    /** Skips the test locally, or fails it with CI=true, when the server is not there. */
    static ItDatabase connect() throws SQLException {
        return new PostgresDatabase(TestDatabases.requireAvailable(TestDatabases.postgres())).open();
    }

    @Override
    DbTarget target() {
        return target;
    }

    @Override
    String sessionIdSql() {
        return "select pg_backend_pid()";
    }

    @Override
    String currentUserSql() {
        return "select current_user";
    }

    @Override
    String createLogin(String password) throws SQLException {
        String role = newName("u");
        execute("create role " + role + " login password '" + password + "'");
        onClose("drop role if exists " + role);
        return role;
    }

    @Override
    boolean checksPasswords() {
        return false;
    }

    @Override
    SessionCounter countedPool(String purpose) throws SQLException {
        String application = newName("app");
        return new SessionCounter(pool(purpose).driverProperty("ApplicationName", application), direct()) {
            @Override
            int count(Connection monitor) throws SQLException {
                return queryInt(monitor, "select count(*) from pg_stat_activity where application_name = ?", application);
            }
        };
    }

    @Override
    Map<String, String> serverView(Connection c) throws SQLException {
        Map<String, String> view = new LinkedHashMap<>();
        view.put("transaction_isolation", queryString(c, "show transaction_isolation"));
        view.put("transaction_read_only", queryString(c, "show transaction_read_only"));
        view.put("current_schema", queryString(c, "select current_schema()"));
        return view;
    }

    @Override
    int openTransactions(long sessionId) throws SQLException {
        return queryInt(admin(), "select count(*) from pg_stat_activity where pid = ? and state like 'idle in transaction%'",
                Math.toIntExact(sessionId));
    }

    @Override
    String otherSchema() throws SQLException {
        if (otherSchema == null) {
            otherSchema = createSchema(newName("s"));
        }
        return otherSchema;
    }

    @Override
    String defaultSchema() {
        return "public";
    }
}
