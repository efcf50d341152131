package example.orders;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Application code for the PgBouncer tests: a repository that changes its session with plain SQL. */
public final class OrderRepository {
    private final DataSource dataSource;

    public OrderRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code sessionSql} and then a query on one borrowed connection. */
    public void runWith(String sessionSql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sessionSql);
            s.execute("select 1");
        }
    }

    /** Sets the isolation level through JDBC, then runs a query. */
    public void runSerializable() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            s.execute("select 1");
        }
    }
}
