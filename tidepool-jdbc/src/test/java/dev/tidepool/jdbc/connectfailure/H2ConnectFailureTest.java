package dev.tidepool.jdbc.connectfailure;

import static dev.tidepool.jdbc.connectfailure.ConnectAttempt.assertClassified;

import dev.tidepool.jdbc.ConnectFailure;
import dev.tidepool.testkit.FaultProxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The connect-failure classes H2 can produce, embedded and over {@code jdbc:h2:tcp://}. H2 has no
 * connection limit and no TLS of its own, so SERVER_FULL and TLS are covered by PostgreSQL and
 * MariaDB only. Issue 5.
 */
class H2ConnectFailureTest {

    @Test
    void unknownHostIsUnknownHost() {
        assertClassified(ConnectFailure.UNKNOWN_HOST, "jdbc:h2:tcp://no-such-host.invalid:9092/mem:x", "sa", "");
    }

    @Test
    void closedPortIsRefused() throws Exception {
        try (FaultProxy proxy = FaultProxy.start("127.0.0.1", 9)) {
            proxy.refuseNew();
            assertClassified(ConnectFailure.REFUSED, "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/mem:x", "sa", "");
        }
    }

    @Test
    void silentNetworkIsTimeout() throws Exception {
        try (FaultProxy proxy = FaultProxy.start("127.0.0.1", 9)) {
            proxy.blackhole();
            assertClassified(ConnectFailure.TIMEOUT,
                    "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/mem:x;NETWORK_TIMEOUT=1000", "sa", "");
        }
    }

    @Test
    void wrongPasswordIsAuthFailed() throws SQLException {
        String url = "jdbc:h2:mem:" + ConnectAttempt.uniqueName("cf_auth_") + ";DB_CLOSE_DELAY=-1";
        try (Connection owner = DriverManager.getConnection(url, "sa", "right-secret")) {
            assertClassified(ConnectFailure.AUTH_FAILED, url, "sa", "wrong-secret");
        }
    }

    @Test
    void missingDatabaseWithIfExistsIsDatabaseNotFound() {
        assertClassified(ConnectFailure.DATABASE_NOT_FOUND,
                "jdbc:h2:mem:" + ConnectAttempt.uniqueName("cf_missing_") + ";IFEXISTS=TRUE", "sa", "");
    }

    @Test
    void unknownSettingIsOther() {
        assertClassified(ConnectFailure.OTHER, "jdbc:h2:mem:cf_other;TIDEPOOL_NO_SUCH_SETTING=1", "sa", "");
    }
}
