package dev.tidepool.jdbc.connectfailure;

import static dev.tidepool.jdbc.connectfailure.ConnectAttempt.admin;
import static dev.tidepool.jdbc.connectfailure.ConnectAttempt.assertClassified;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tidepool.jdbc.ConnectFailure;
import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.FaultProxy;
import dev.tidepool.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every connect-failure class, produced for real against MariaDB on 127.0.0.1:3306. Issue 5. */
class MariaDbConnectFailureTest {

    private static final String TIMEOUTS = "connectTimeout=1000&socketTimeout=1000";

    private DbTarget maria;

    @BeforeEach
    void requireMariaDb() {
        maria = TestDatabases.requireAvailable(TestDatabases.mariadb());
    }

    @Test
    void unknownHostIsUnknownHost() {
        assertClassified(ConnectFailure.UNKNOWN_HOST,
                "jdbc:mariadb://no-such-host.invalid:3306/test?connectTimeout=5000", "root", "");
    }

    @Test
    void closedPortIsRefused() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(maria.host(), maria.port())) {
            proxy.refuseNew();
            assertClassified(ConnectFailure.REFUSED, maria.urlVia(proxy.port(), TIMEOUTS), maria.user(),
                    maria.password());
        }
    }

    @Test
    void silentNetworkIsTimeout() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(maria.host(), maria.port())) {
            proxy.blackhole();
            assertClassified(ConnectFailure.TIMEOUT, maria.urlVia(proxy.port(), TIMEOUTS), maria.user(),
                    maria.password());
        }
    }

    @Test
    void wrongPasswordIsAuthFailed() throws SQLException {
        String user = ConnectAttempt.uniqueName("tp_cf_auth_");
        admin(maria.url(), maria.user(), maria.password(),
                "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'right-secret-1'");
        try {
            SQLException e = assertClassified(ConnectFailure.AUTH_FAILED, maria.url(), user, "wrong-secret-2");
            assertEquals(1045, e.getErrorCode());
        } finally {
            admin(maria.url(), maria.user(), maria.password(), "DROP USER IF EXISTS '" + user + "'@'%'");
        }
    }

    @Test
    void missingDatabaseIsDatabaseNotFound() {
        assertClassified(ConnectFailure.DATABASE_NOT_FOUND, "jdbc:mariadb://127.0.0.1:3306/tidepool_no_such_db",
                maria.user(), maria.password());
    }

    @Test
    void userConnectionLimitReachedIsServerFull() throws SQLException {
        String user = ConnectAttempt.uniqueName("tp_cf_full_");
        admin(maria.url(), maria.user(), maria.password(),
                "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'full-secret' WITH MAX_USER_CONNECTIONS 1");
        String url = "jdbc:mariadb://127.0.0.1:3306/";
        try {
            try (Connection first = DriverManager.getConnection(url, user, "full-secret")) {
                SQLException e = assertClassified(ConnectFailure.SERVER_FULL, url, user, "full-secret");
                assertEquals(1226, e.getErrorCode());
            }
        } finally {
            admin(maria.url(), maria.user(), maria.password(), "DROP USER IF EXISTS '" + user + "'@'%'");
        }
    }

    @Test
    void tlsThatCannotBeEstablishedIsTls() {
        // verify-full fails with an SSL error both on a server without TLS ("ssl not enabled in the
        // server") and on one whose certificate this client does not trust.
        assertClassified(ConnectFailure.TLS, maria.urlWith("sslMode=verify-full&connectTimeout=5000"),
                maria.user(), maria.password());
    }

    @Test
    void unknownSessionVariableIsOther() {
        assertClassified(ConnectFailure.OTHER, maria.urlWith("sessionVariables=tidepool_no_such_variable=1"),
                maria.user(), maria.password());
    }
}
