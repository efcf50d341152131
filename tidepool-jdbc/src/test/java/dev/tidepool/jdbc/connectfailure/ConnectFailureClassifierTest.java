package dev.tidepool.jdbc.connectfailure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.ConnectFailure;
import dev.tidepool.jdbc.internal.ConnectFailureClassifier;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * The classification table, driven by synthetic exceptions shaped like the ones each driver
 * throws (states, codes, messages and causes copied from PostgreSQL 42.7, MariaDB 3.5 and H2 2.3).
 * Issue 5.
 */
class ConnectFailureClassifierTest {

    private static ConnectFailure classify(Throwable t) {
        return ConnectFailureClassifier.classify(t);
    }

    private static SQLException sql(String message, String state, int code) {
        return new SQLException(message, state, code);
    }

    private static SQLException sql(String message, String state, int code, Throwable cause) {
        return new SQLException(message, state, code, cause);
    }

    // ---- PostgreSQL --------------------------------------------------------------------------

    @Test
    void postgresWrongPasswordIsAuthFailed() {
        assertEquals(ConnectFailure.AUTH_FAILED,
                classify(sql("FATAL: password authentication failed for user \"x\"", "28P01", 0)));
    }

    @Test
    void postgresUnknownRoleOrNoHbaEntryIsAuthFailed() {
        assertEquals(ConnectFailure.AUTH_FAILED, classify(sql("FATAL: role \"nobody\" does not exist", "28000", 0)));
        assertEquals(ConnectFailure.AUTH_FAILED,
                classify(sql("FATAL: no pg_hba.conf entry for host \"10.0.0.1\"", "28000", 0)));
    }

    @Test
    void postgresMissingPasswordIsAuthFailedThoughItsStateIsConnectionRejected() {
        assertEquals(ConnectFailure.AUTH_FAILED, classify(sql(
                "The server requested SCRAM-based authentication, but no password was provided.", "08004", 0)));
    }

    @Test
    void postgresMissingDatabaseIsDatabaseNotFound() {
        assertEquals(ConnectFailure.DATABASE_NOT_FOUND,
                classify(sql("FATAL: database \"nope\" does not exist", "3D000", 0)));
    }

    @Test
    void postgresTooManyConnectionsIsServerFull() {
        assertEquals(ConnectFailure.SERVER_FULL, classify(sql("FATAL: sorry, too many clients already", "53300", 0)));
        assertEquals(ConnectFailure.SERVER_FULL,
                classify(sql("FATAL: too many connections for role \"app\"", "53300", 0)));
    }

    @Test
    void postgresStartingUpIsRefused() {
        assertEquals(ConnectFailure.REFUSED, classify(sql("FATAL: the database system is starting up", "57P03", 0)));
    }

    @Test
    void postgresGenericConnectStateIsDecidedByItsCause() {
        assertEquals(ConnectFailure.UNKNOWN_HOST, classify(sql("The connection attempt failed.", "08001", 0,
                new UnknownHostException("no-such-host.invalid"))));
        assertEquals(ConnectFailure.REFUSED, classify(sql("Connection to 127.0.0.1:1 refused.", "08001", 0,
                new ConnectException("Connection refused"))));
        assertEquals(ConnectFailure.TIMEOUT, classify(sql("The connection attempt failed.", "08001", 0,
                new SocketTimeoutException("Read timed out"))));
        assertEquals(ConnectFailure.TLS, classify(sql("SSL error: PKIX path building failed", "08006", 0,
                new SSLHandshakeException("PKIX path building failed"))));
    }

    @Test
    void postgresLoginTimeoutWithoutCauseIsTimeout() {
        assertEquals(ConnectFailure.TIMEOUT, classify(sql("Connection attempt timed out.", "08001", 0)));
    }

    @Test
    void postgresServerWithoutSslIsTls() {
        assertEquals(ConnectFailure.TLS, classify(sql("The server does not support SSL.", "08004", 0)));
    }

    @Test
    void connectExceptionSayingTimedOutIsTimeout() {
        assertEquals(ConnectFailure.TIMEOUT, classify(sql("The connection attempt failed.", "08001", 0,
                new ConnectException("Connection timed out"))));
        assertEquals(ConnectFailure.TIMEOUT, classify(new NoRouteToHostException("No route to host")));
    }

    // ---- MariaDB / MySQL ---------------------------------------------------------------------

    @Test
    void mariadbAccessDeniedIsAuthFailed() {
        assertEquals(ConnectFailure.AUTH_FAILED, classify(new SQLInvalidAuthorizationSpecException(
                "(conn=42) Access denied for user 'app'@'127.0.0.1' (using password: YES)", "28000", 1045)));
        assertEquals(ConnectFailure.AUTH_FAILED, classify(sql("Access denied for user 'app' to database 'x'",
                "42000", 1044)));
        assertEquals(ConnectFailure.AUTH_FAILED, classify(sql("Host '10.0.0.9' is not allowed to connect",
                "HY000", 1130)));
    }

    @Test
    void mariadbUnknownDatabaseIsDatabaseNotFound() {
        assertEquals(ConnectFailure.DATABASE_NOT_FOUND,
                classify(new SQLSyntaxErrorException("(conn=41) Unknown database 'nope'", "42000", 1049)));
    }

    @Test
    void mariadbConnectionLimitsAreServerFull() {
        assertEquals(ConnectFailure.SERVER_FULL, classify(sql("Too many connections", "08004", 1040)));
        assertEquals(ConnectFailure.SERVER_FULL, classify(sql(
                "User app already has more than 'max_user_connections' active connections", "42000", 1203)));
        assertEquals(ConnectFailure.SERVER_FULL, classify(sql(
                "User 'app' has exceeded the 'max_user_connections' resource (current value: 1)", "42000", 1226)));
    }

    @Test
    void mysqlClientConnectCodesAreRefusedUnknownHostOrTimeout() {
        assertEquals(ConnectFailure.REFUSED, classify(sql("Can't connect to local server through socket", "HY000", 2002)));
        assertEquals(ConnectFailure.REFUSED, classify(sql("Can't connect to server on 'db' (111)", "HY000", 2003)));
        assertEquals(ConnectFailure.UNKNOWN_HOST, classify(sql("Unknown server host 'db' (-2)", "HY000", 2005)));
        assertEquals(ConnectFailure.TIMEOUT, classify(sql(
                "Lost connection to server at 'reading initial communication packet'", "HY000", 2013)));
    }

    @Test
    void mariadbSocketFailuresAreDecidedByTheirCause() {
        assertEquals(ConnectFailure.UNKNOWN_HOST, classify(new SQLNonTransientConnectionException(
                "Socket fail to connect to no-such-host.invalid.", "08000", 0, new UnknownHostException("x"))));
        assertEquals(ConnectFailure.REFUSED, classify(new SQLNonTransientConnectionException(
                "Socket fail to connect to 127.0.0.1:1. Connection refused", "08000", 0,
                new ConnectException("Connection refused"))));
        assertEquals(ConnectFailure.TIMEOUT, classify(new SQLTimeoutException(
                "Socket timeout when connecting to 127.0.0.1:3306. Read timed out", "08000", 0)));
    }

    @Test
    void mariadbCouldNotConnectWithoutCauseIsRefused() {
        assertEquals(ConnectFailure.REFUSED, classify(sql(
                "Could not connect to address=(host=db)(port=3306)(type=master)", "08000", -1)));
    }

    @Test
    void mariadbSslNotEnabledIsTls() {
        assertEquals(ConnectFailure.TLS, classify(new SQLNonTransientConnectionException(
                "(conn=43) Trying to connect with ssl, but ssl not enabled in the server", "08000", -1)));
    }

    // ---- H2 ----------------------------------------------------------------------------------

    @Test
    void h2WrongPasswordIsAuthFailed() {
        assertEquals(ConnectFailure.AUTH_FAILED, classify(new SQLInvalidAuthorizationSpecException(
                "Wrong user name or password [28000-232]", "28000", 28000)));
    }

    @Test
    void h2MissingDatabaseIsDatabaseNotFound() {
        assertEquals(ConnectFailure.DATABASE_NOT_FOUND, classify(sql(
                "Database \"mem:nope\" not found, and IFEXISTS=true, so we cant auto-create it [90146-232]",
                "90146", 90146)));
        assertEquals(ConnectFailure.DATABASE_NOT_FOUND, classify(sql("Database \"x\" not found [90013-232]",
                "90013", 90013)));
    }

    @Test
    void h2BrokenConnectionIsDecidedByItsCause() {
        assertEquals(ConnectFailure.REFUSED, classify(new SQLNonTransientConnectionException(
                "Connection is broken: \"java.net.ConnectException: Connection refused: 127.0.0.1:1\" [90067-232]",
                "90067", 90067, new ConnectException("Connection refused"))));
    }

    // ---- the chain ---------------------------------------------------------------------------

    @Test
    void aServerAnswerDeepInWrappersStillDecides() {
        SQLException driver = sql("FATAL: password authentication failed for user \"x\"", "28P01", 0);
        RuntimeException wrapper = new RuntimeException("pool - cannot create a connection",
                new SQLException("wrapped", "08001", 0, driver));
        assertEquals(ConnectFailure.AUTH_FAILED, classify(wrapper));
    }

    @Test
    void aServerAnswerOutranksANetworkCauseAndTheNextExceptionIsRead() {
        SQLException outer = sql("connect failed", "08001", 0, new SocketTimeoutException("late"));
        outer.setNextException(sql("Unknown database 'x'", "42000", 1049));
        assertEquals(ConnectFailure.DATABASE_NOT_FOUND, classify(outer));
    }

    @Test
    void unknownAndNullAndCyclicChainsAreOther() {
        assertEquals(ConnectFailure.OTHER, classify(null));
        assertEquals(ConnectFailure.OTHER, classify(sql("The connection attempt failed.", "08001", 0)));
        assertEquals(ConnectFailure.OTHER, classify(new IOException("disk full")));
        SQLException a = sql("a", "08001", 0);
        SQLException b = sql("b", "08001", 0, a);
        a.initCause(b);
        assertEquals(ConnectFailure.OTHER, classify(a));
    }

    @Test
    void onlyAuthFailedAndDatabaseNotFoundArePersistent() {
        for (ConnectFailure f : ConnectFailure.values()) {
            boolean expected = f == ConnectFailure.AUTH_FAILED || f == ConnectFailure.DATABASE_NOT_FOUND;
            assertEquals(expected, ConnectFailureClassifier.persistent(f), f.name());
            assertFalse(f.hint().isBlank(), f + " has a hint");
        }
        assertTrue(ConnectFailureClassifier.failsFast(sql("x", "28P01", 0)));
        assertFalse(ConnectFailureClassifier.failsFast(new ConnectException("Connection refused")));
    }
}
