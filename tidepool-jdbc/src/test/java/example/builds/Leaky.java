package example.builds;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Application code that forgets to close its connection. */
public final class Leaky {

    private Leaky() {
    }

    /** Borrows, opens a transaction, and drops the connection without close(). */
    public static void borrowAndForget(DataSource dataSource) throws SQLException {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("select 1");
        }
    }
}
