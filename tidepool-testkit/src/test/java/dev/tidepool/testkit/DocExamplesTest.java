package dev.tidepool.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The examples of docs/testkit.md, kept compiling and passing here; copy changes back to the doc. */
class DocExamplesTest {

    @Test
    void stubDriverExample() throws SQLException {
        // --- docs/testkit.md: stub driver
        try (StubDatabase db = StubDatabase.create()) {
            db.failNextConnects(2, () -> new SQLException("connection refused", "08001"));
            db.queryLatency(Duration.ofMillis(5));

            assertThrows(SQLException.class, () -> DriverManager.getConnection(db.url()));
            assertThrows(SQLException.class, () -> DriverManager.getConnection(db.url()));
            try (Connection c = DriverManager.getConnection(db.url())) {
                StubConnection stub = c.unwrap(StubConnection.class);
                c.setAutoCommit(false);
                c.createStatement().executeUpdate("UPDATE t SET x = 1");
                assertTrue(stub.inTransaction());
                stub.kill(); // the network broke: every call now fails with SQLState 08006
                assertFalse(c.isValid(1));
            }
            assertEquals(3, db.connectAttempts());
            assertEquals(0, db.openConnections());
        }
        // ---
    }

    @Test
    void faultProxyExample() throws Exception {
        // --- docs/testkit.md: fault proxy
        DbTarget pg = TestDatabases.requireAvailable(TestDatabases.postgres()); // skips if down (fails if CI=true)
        try (FaultProxy proxy = FaultProxy.start(pg.host(), pg.port());
             Connection c = pg.connect(pg.urlVia(proxy.port(), "socketTimeout=1"))) {
            proxy.blackhole();                                   // pull the cable
            assertThrows(SQLException.class, () -> c.createStatement().execute("SELECT 1"));
            proxy.pass();                                        // plug it back in
            try (Connection fresh = pg.connect(pg.urlVia(proxy.port()))) {
                fresh.createStatement().execute("SELECT 1");
            }
        }
        // ---
    }
}
