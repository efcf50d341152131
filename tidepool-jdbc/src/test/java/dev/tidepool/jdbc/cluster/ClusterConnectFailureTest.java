package dev.tidepool.jdbc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.ConnectFailure;
import dev.tidepool.jdbc.HostStatus;
import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.TestDatabases;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Connect failures over a host list, on the local PostgreSQL (5432, only connected to) and a
 * port nothing listens on: per-host classes, and a wrong password still fails fast.
 */
class ClusterConnectFailureTest {

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aWrongPasswordFailsFastEvenWhenAnotherHostIsDown() throws Exception {
        DbTarget pg = TestDatabases.requireAvailable(TestDatabases.postgresPasswordRole());
        TidepoolConfig config = TidepoolConfig.builder().jdbcUrl(pg.url())
                .hosts("127.0.0.1:" + closedPort() + ",127.0.0.1:" + pg.port())
                .username(pg.user()).password("not-" + pg.password()).maxSize(2)
                .acquireTimeout(Duration.ofSeconds(5)).validationTimeout(Duration.ofSeconds(1))
                .failFast(false).poolName("tp-cluster-auth").build();
        try (TidepoolDataSource ds = new TidepoolDataSource(config)) {
            SQLException e = assertThrows(SQLException.class, () -> ds.getConnection().close());
            assertTrue(e instanceof SQLNonTransientConnectionException, "fails fast, not after the acquire timeout: " + e);
            assertTrue(e.getMessage().contains("AUTH_FAILED"), e.getMessage());
            assertFalse(e.getMessage().contains(pg.password()), "no password in the message");
            List<HostStatus> hosts = ds.hosts();
            assertEquals(ConnectFailure.REFUSED, hosts.get(0).lastFailure(), hosts.toString());
            assertEquals(ConnectFailure.AUTH_FAILED, hosts.get(1).lastFailure(), hosts.toString());
        }
    }
}
