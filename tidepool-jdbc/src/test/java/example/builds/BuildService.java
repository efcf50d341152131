package example.builds;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The incident's service method: it updates a row in a transaction and, before committing, calls
 * a slow remote service while it holds the connection. Application code for the diagnosis tests.
 */
public final class BuildService {
    private final DataSource dataSource;
    private final JenkinsClient jenkins;
    private final String table;

    public BuildService(DataSource dataSource, JenkinsClient jenkins, String table) {
        this.dataSource = dataSource;
        this.jenkins = jenkins;
        this.table = table;
    }

    /** Holds a connection in a transaction while the remote call runs. */
    public void build(int id) throws SQLException, InterruptedException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("update " + table + "\n   set status = ?\n where id = ?")) {
                s.setString(1, "secret-status-value");
                s.setInt(2, id);
                s.executeUpdate();
            }
            jenkins.startBuild(id);
            c.commit();
        }
    }

    /** The same remote call, holding a connection in auto-commit mode (no transaction open). */
    public void buildAutoCommit(int id) throws SQLException, InterruptedException {
        try (Connection c = dataSource.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("update " + table + " set status = 'queued' where id = " + id);
            }
            jenkins.startBuild(id);
        }
    }

    /** Creates the table with rows 1..n (auto-commit). */
    public static void createTable(DataSource dataSource, String table, int n) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table " + table + " (id int primary key, status varchar(40))");
            for (int i = 1; i <= n; i++) {
                s.execute("insert into " + table + " values (" + i + ", 'new')");
            }
        }
    }

    public static void dropTable(DataSource dataSource, String table) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table " + table);
        }
    }
}
