package dev.tidepool.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.h2.tools.Server;

/**
 * An in-memory H2 database served over TCP from inside this process, on an ephemeral loopback
 * port, so the pool opens real socket connections. One embedded connection keeps the database
 * alive and creates the demo's table; {@link #close()} stops the server and drops the database.
 */
final class DemoDatabase implements AutoCloseable {

    static final String USER = "demo";
    static final String PASSWORD = "demo-password";
    static final int ACCOUNTS = 1000;

    private final Server server;
    private final Connection keeper;
    private final String jdbcUrl;

    private DemoDatabase(Server server, Connection keeper, String jdbcUrl) {
        this.server = server;
        this.keeper = keeper;
        this.jdbcUrl = jdbcUrl;
    }

    /** Creates the database and its {@code account} table, then starts the TCP server. */
    static DemoDatabase start() throws SQLException {
        String name = "tidepool-demo-" + UUID.randomUUID();
        Connection keeper = DriverManager.getConnection("jdbc:h2:mem:" + name, USER, PASSWORD);
        try {
            try (Statement s = keeper.createStatement()) {
                s.execute("CREATE TABLE account (id INT PRIMARY KEY, balance BIGINT NOT NULL)");
                s.execute("INSERT INTO account SELECT X, 1000 FROM SYSTEM_RANGE(1, " + ACCOUNTS + ")");
            }
            // Port 0: the OS picks a free port. Not -tcpAllowOthers: only this machine may connect.
            Server server = Server.createTcpServer("-tcpPort", "0", "-tcpDaemon").start();
            String url = "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:" + name;
            return new DemoDatabase(server, keeper, url);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(keeper, e);
            throw e;
        }
    }

    /** The URL the pool connects to: {@code jdbc:h2:tcp://127.0.0.1:<port>/mem:<name>}. */
    String jdbcUrl() {
        return jdbcUrl;
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() throws SQLException {
        try {
            server.stop();
        } finally {
            keeper.close();
        }
    }

    private static void closeQuietly(Connection c, Exception primary) {
        try {
            c.close();
        } catch (SQLException suppressed) {
            primary.addSuppressed(suppressed);
        }
    }
}
