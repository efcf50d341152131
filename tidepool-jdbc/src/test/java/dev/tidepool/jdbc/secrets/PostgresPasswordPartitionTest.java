package dev.tidepool.jdbc.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.DbTarget;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * Issue 4, item 7 on a PostgreSQL that checks the password (the role tidepool_pw): a wrong password
 * never gets a pooled connection, neither the right password's partition nor the main pool's, and
 * fails as AUTH_FAILED without waiting out acquireTimeout.
 */
class PostgresPasswordPartitionTest {
    private static final String WRONG = "Wrong-" + Long.toHexString(System.nanoTime());

    private static String currentUser(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select current_user || ':' || pg_backend_pid()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aWrongPasswordNeverGetsThePasswordRolesPooledConnections() throws SQLException {
        DbTarget pg = PasswordRole.postgres();
        TidepoolConfig config = TidepoolConfig.builder().jdbcUrl(pg.url()).username(PasswordRole.USER)
                .password(PasswordRole.PASSWORD).poolName("secrets-pg").maxSize(1).minIdle(1)
                .acquireTimeout(Duration.ofSeconds(10)).build();
        try (TidepoolDataSource ds = new TidepoolDataSource(config)) {
            String mainSession;
            try (Connection c = ds.getConnection()) {
                mainSession = currentUser(c);
                assertTrue(mainSession.startsWith(PasswordRole.USER + ":"));
            } // idle in the main pool now
            String partitionSession;
            try (Connection c = ds.getConnection("postgres", "")) {
                partitionSession = currentUser(c);
                assertTrue(partitionSession.startsWith("postgres:"), partitionSession);
            }
            long start = System.nanoTime();
            SQLException failure = assertThrows(SQLException.class, () -> {
                try (Connection c = ds.getConnection(PasswordRole.USER, WRONG)) {
                    throw new AssertionError("a wrong password was lent " + currentUser(c)
                            + " (main pool's session: " + mainSession + ")");
                }
            });
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(failure.getMessage().contains("AUTH_FAILED"), failure.getMessage());
            assertTrue(millis < 10_000, "fails fast, not after acquireTimeout: " + millis + " ms");
            assertEquals("28P01", failure.getSQLState(), "invalid password");
            // a second wrong attempt, while the first one's partition still exists: same answer
            assertThrows(SQLException.class, () -> ds.getConnection(PasswordRole.USER, WRONG).close());
            try (Connection c = ds.getConnection()) {
                assertEquals(mainSession, currentUser(c), "the main pool still lends its own session");
            }
            try (Connection c = ds.getConnection(PasswordRole.USER, PasswordRole.PASSWORD)) {
                assertEquals(mainSession, currentUser(c), "the configured credentials use the main pool");
            }
        }
    }
}
