package dev.tidepool.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class TestDatabasesTest {

    @Test
    void h2InMemoryIsAlwaysAvailable() throws SQLException {
        DbTarget h2 = TestDatabases.requireAvailable(TestDatabases.h2Mem("testdatabases"));
        try (Connection c = h2.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
        }
        assertFalse(h2.isNetworked());
        assertThrows(UnsupportedOperationException.class, () -> h2.urlVia(1234));
    }

    @Test
    void urlViaPointsTheUrlAtTheProxyAndKeepsTheRest() {
        assertEquals("jdbc:postgresql://127.0.0.1:40001/test?socketTimeout=1",
                TestDatabases.postgres().urlVia(40001, "socketTimeout=1"));
        assertEquals("jdbc:mariadb://127.0.0.1:40002/test", TestDatabases.mariadb().urlVia(40002));
        assertEquals("jdbc:postgresql://127.0.0.1:5432/test?a=1&b=2", TestDatabases.postgres().urlWith("a=1&b=2"));
        assertEquals("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1;A=1;B=2", TestDatabases.h2Mem("x").urlWith("A=1&B=2"));
    }

    @Test
    void toStringNeverShowsThePassword() {
        DbTarget secret = new DbTarget("postgresql", "jdbc:postgresql://h:1/db", "u", "hunter2", "h", 1);
        assertFalse(secret.toString().contains("hunter2"), secret.toString());
    }

    @Test
    void anUnavailableServerSkipsTheTestLocallyAndFailsItOnCi() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        DbTarget down = new DbTarget(DbTarget.POSTGRESQL, "jdbc:postgresql://127.0.0.1:" + closedPort + "/test",
                "postgres", "", "127.0.0.1", closedPort);
        Class<? extends Throwable> expected = "true".equalsIgnoreCase(System.getenv("CI"))
                ? AssertionError.class : TestAbortedException.class;
        Throwable t = assertThrows(expected, () -> TestDatabases.requireAvailable(down));
        assertTrue(t.getMessage().contains("127.0.0.1:" + closedPort), t.getMessage());
    }

    @Test
    void requireAvailableReturnsARunningServer() {
        DbTarget pg = TestDatabases.postgres();
        assertSame(pg, TestDatabases.requireAvailable(pg));
    }
}
