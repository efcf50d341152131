package dev.tidepool.jdbc.it;

import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.h2.tools.Server;

/**
 * A private in-memory H2 database, reached either in-process or through an H2 TCP server started
 * for the test on an ephemeral port of 127.0.0.1 (so the pool's connections are real sockets).
 */
final class H2Database extends ItDatabase {
    /** H2's {@code ErrorCode.GENERAL_ERROR_1}: an internal failure, here of its session list. */
    private static final int H2_GENERAL_ERROR = 50000;
    private static final int SESSION_LIST_ATTEMPTS = 5;

    private final Server server;
    private final DbTarget target;
    private String otherSchema;

    private H2Database(String label, Server server) {
        super(label);
        this.server = server;
        String name = newName("db");
        this.target = server == null ? TestDatabases.h2Mem(name)
                : new DbTarget(DbTarget.H2, "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:" + name
                        + ";DB_CLOSE_DELAY=-1", "sa", "", "127.0.0.1", server.getPort());
    }

    static ItDatabase inMemory() throws SQLException {
        return open(new H2Database("h2mem", null));
    }

    static ItDatabase overTcp() throws SQLException {
        // -ifNotExists lets the first connection create the in-memory database; without
        // -tcpAllowOthers the server accepts only local connections.
        Server server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        try {
            return open(new H2Database("h2tcp", server));
        } catch (SQLException | RuntimeException e) {
            server.stop();
            throw e;
        }
    }

    private static H2Database open(H2Database db) throws SQLException {
        db.open();
        // The database lives until SHUTDOWN (DB_CLOSE_DELAY=-1): the first step registered is the last run.
        db.onClose("shutdown");
        return db;
    }

    @Override
    DbTarget target() {
        return target;
    }

    @Override
    String sessionIdSql() {
        return "select session_id()";
    }

    @Override
    String currentUserSql() {
        return "select current_user";
    }

    @Override
    String createLogin(String password) throws SQLException {
        String user = newName("u").toUpperCase(Locale.ROOT);
        // ADMIN: may read the test tables and information_schema.sessions without grants.
        execute("create user " + user + " password '" + password + "' admin");
        onClose("drop user if exists " + user);
        return user;
    }

    @Override
    boolean checksPasswords() {
        return true;
    }

    @Override
    SessionCounter countedPool(String purpose) throws SQLException {
        return countedByLogin(purpose, "select count(*) from information_schema.sessions where user_name = ?");
    }

    /**
     * H2 2.x can fail to list a session that is opening or closing at that moment ("General
     * error: NullPointerException ... this.transaction is null", error 50000): its session list is
     * not read under a lock. That says nothing about the pool, so the count is asked again.
     */
    @Override
    int countSessions(Connection monitor, String countSql, String user) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return super.countSessions(monitor, countSql, user);
            } catch (SQLException e) {
                if (e.getErrorCode() != H2_GENERAL_ERROR || attempt == SESSION_LIST_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    @Override
    Map<String, String> serverView(Connection c) throws SQLException {
        Map<String, String> view = new LinkedHashMap<>();
        view.put("isolation_level",
                queryString(c, "select isolation_level from information_schema.sessions where session_id = session_id()"));
        view.put("current_schema", queryString(c, "select current_schema"));
        return view;
    }

    @Override
    int openTransactions(long sessionId) throws SQLException {
        return queryInt(admin(),
                "select count(*) from information_schema.sessions where session_id = ? and contains_uncommitted",
                sessionId);
    }

    @Override
    String otherSchema() throws SQLException {
        if (otherSchema == null) {
            otherSchema = createSchema(newName("s").toUpperCase(Locale.ROOT));
        }
        return otherSchema;
    }

    @Override
    public void close() throws SQLException {
        try {
            super.close();
        } finally {
            if (server != null) {
                server.stop();
            }
        }
    }

    @Override
    String defaultSchema() {
        return "PUBLIC";
    }
}
