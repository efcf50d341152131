package dev.tidepool.jdbc.connectfailure;

import dev.tidepool.jdbc.ConnectFailure;
import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.jdbc.internal.ConnectFailureClassifier;
import dev.tidepool.jdbc.internal.DeadConnectionClassifier;
import dev.tidepool.testkit.Poll;
import dev.tidepool.testkit.SilentServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, item 5: the real mssql-jdbc driver's connect failures, classified. No SQL Server runs
 * here: the cases are those a client meets without one (a closed port, a name that does not
 * resolve, a server that accepts and says nothing, one that hangs up during the pre-login
 * handshake). Login and database errors (18456, 4060, ...) come from the documented numbers.
 */
class SqlServerConnectFailureTest {


    private static SQLException connect(String url) {
        return assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "sa", "Not-The-Password-1").close());
    }

    private static ConnectFailure classified(String url) {
        SQLException e = connect(url);
        String described = ConnectFailureClassifier.describe(e, "Not-The-Password-1");
        System.out.println("[connect-failure] " + url + " -> " + described);
        assertTrue(!described.contains("Not-The-Password-1"), described);
        return ConnectFailureClassifier.classify(e);
    }

    @Test
    void aClosedPortIsRefused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertEquals(ConnectFailure.REFUSED, classified("jdbc:sqlserver://127.0.0.1:" + port + ";loginTimeout=2"));
    }

    @Test
    void aNameThatDoesNotResolveIsAnUnknownHostAlsoFromTheJvmsNegativeDnsCache() {
        // The second lookup is answered from the JVM's negative cache, with a shorter text.
        assertEquals(ConnectFailure.UNKNOWN_HOST, classified("jdbc:sqlserver://no-such-host.invalid:1433;loginTimeout=2"));
        assertEquals(ConnectFailure.UNKNOWN_HOST, classified("jdbc:sqlserver://no-such-host.invalid:1433;loginTimeout=2"));
    }

    @Test
    void aServerThatAcceptsAndSaysNothingIsATimeout() throws Exception {
        // loginTimeout alone does not bound mssql-jdbc's pre-login read (it blocked forever): socketTimeout does.
        try (SilentServer server = SilentServer.silent()) {
            assertEquals(ConnectFailure.TIMEOUT, classified("jdbc:sqlserver://127.0.0.1:" + server.port()
                    + ";loginTimeout=1;socketTimeout=1000"));
        }
    }

    @Test
    void thePoolBoundsTheLoginOfASilentServerWithoutAnyDriverTimeoutInTheUrl() throws Exception {
        try (SilentServer server = SilentServer.silent();
             TidepoolDataSource ds = new TidepoolDataSource(TidepoolConfig.builder()
                     .jdbcUrl("jdbc:sqlserver://127.0.0.1:" + server.port() + ";encrypt=false")
                     .username("sa").password("Not-The-Password-1").failFast(false).minIdle(0)
                     .acquireTimeout(Duration.ofSeconds(1)).validationTimeout(Duration.ofMillis(500)).build())) {
            SQLException e = assertThrows(SQLException.class, ds::getConnection);
            assertTrue(e.getMessage().contains("no connection available within 1000 ms"), e.getMessage());
            Poll.within(Duration.ofSeconds(10), () -> ds.stats().lastCreateFailure() != null); // the assertions below say what it saw
            String failure = ds.stats().lastCreateFailure();
            assertTrue(failure != null && failure.startsWith("TIMEOUT"), "the creation ended, as a TIMEOUT: " + failure);
        }
    }

    @Test
    void aServerThatHangsUpDuringPreLoginIsNotCalledAServerAnswer() throws Exception {
        try (SilentServer server = SilentServer.hangingUpOnFirstBytes()) {
            ConnectFailure f = classified("jdbc:sqlserver://127.0.0.1:" + server.port() + ";loginTimeout=2;socketTimeout=2000");
            assertTrue(f == ConnectFailure.REFUSED || f == ConnectFailure.TIMEOUT || f == ConnectFailure.OTHER
                    || f == ConnectFailure.TLS, f::toString);
        }
    }

    @Test
    void aServerWhoseTlsHandshakeFailsIsTlsAndTheDescriptionNamesTheDriversTlsOptions() throws Exception {
        try (dev.tidepool.testkit.SqlServerTlsRefuser server = dev.tidepool.testkit.SqlServerTlsRefuser.start()) {
            String url = "jdbc:sqlserver://127.0.0.1:" + server.port() + ";loginTimeout=2;socketTimeout=2000";
            assertEquals(ConnectFailure.TLS, classified(url));
            String described = ConnectFailureClassifier.describe(connect(url));
            assertTrue(described.contains("trustServerCertificate") && described.contains("hostNameInCertificate"),
                    described);
        }
    }

    @Test
    void documentedLoginAndDatabaseNumbersAreClassifiedOnlyFromTheSqlServerDriver() {
        assertEquals(ConnectFailure.AUTH_FAILED, ConnectFailureClassifier.classify(sqlServer("Login failed for user 'app'.", 18456)));
        assertEquals(ConnectFailure.AUTH_FAILED, ConnectFailureClassifier.classify(sqlServer("Login failed. The login is from"
                + " an untrusted domain and cannot be used with Integrated authentication.", 18452)));
        assertEquals(ConnectFailure.DATABASE_NOT_FOUND, ConnectFailureClassifier.classify(sqlServer(
                "Cannot open database \"orders\" requested by the login. The login failed.", 4060)));
        assertEquals(ConnectFailure.SERVER_FULL, ConnectFailureClassifier.classify(sqlServer("Could not connect because"
                + " the maximum number of '100' user connections has already been reached.", 17809)));
        assertEquals(ConnectFailure.OTHER, ConnectFailureClassifier.classify(new SQLException("x", "S0001", 17809)),
                "the number alone, from another driver, says nothing");
        DeadConnectionClassifier dead = DeadConnectionClassifier.forUrl("jdbc:sqlserver://db:1433");
        assertTrue(dead.isDead(new SQLException("A transport-level error has occurred", "S0001", 10054)));
        assertTrue(dead.isDead(new SQLException("No process is on the other end of the pipe.", "S0001", 233)));
    }

    /**
     * The driver's own exception type with a server error number, as the driver builds it from a
     * server's error token (its constructor is package-private: no SQL Server here to send one).
     */
    private static SQLException sqlServer(String message, int number) {
        try {
            java.lang.reflect.Constructor<?> c = Class.forName("com.microsoft.sqlserver.jdbc.SQLServerException")
                    .getDeclaredConstructor(String.class, String.class, int.class, Throwable.class);
            c.setAccessible(true);
            return (SQLException) c.newInstance(message, "S0001", number, null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

}
