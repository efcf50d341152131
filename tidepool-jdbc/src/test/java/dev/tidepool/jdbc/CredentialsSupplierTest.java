package dev.tidepool.jdbc;

import dev.tidepool.core.PoolListener;
import dev.tidepool.testkit.FakeTicker;
import dev.tidepool.testkit.StubConnection;
import dev.tidepool.testkit.StubDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13, item 4: a credentials supplier asked per new connection, and rotations that retire the old ones. */
class CredentialsSupplierTest {

    @Test
    void theSupplierIsAskedForEveryNewConnection() throws SQLException {
        AtomicInteger asked = new AtomicInteger();
        try (StubDatabase db = StubDatabase.create();
             TidepoolDataSource ds = new TidepoolDataSource(Pools.config(db.url()).maxSize(2).minIdle(0)
                     .credentialsSupplier(() -> {
                         asked.incrementAndGet();
                         return new DbCredentials("app", "secret-1");
                     }).build())) {
            db.credentials("app", "secret-1");
            try (Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
                assertTrue(a.isValid(1) && b.isValid(1));
            }
            assertTrue(asked.get() >= 2, "asked per connection: " + asked);
            assertEquals(List.of("app", "app"), openUsers(db));
        }
    }

    @Test
    void whenTheSupplierAnswersOtherCredentialsTheOldConnectionsRetireSpreadOutAndNoBorrowerFails() throws Exception {
        AtomicReference<DbCredentials> current = new AtomicReference<>(new DbCredentials("app1", "old-Secret-1"));
        FakeTicker ticker = new FakeTicker();
        try (StubDatabase db = StubDatabase.create();
             TidepoolDataSource ds = new TidepoolDataSource(Pools.config(db.url()).maxSize(3).minIdle(2)
                     .credentialsSupplier(current::get).build(), PoolListener.NONE, ticker, false)) {
            db.credentials("app1", "old-Secret-1");
            Pools.await("two connections as app1", () -> openUsers(db).equals(List.of("app1", "app1")));

            db.credentials("app2", "new-Secret-2"); // rotated on the server...
            current.set(new DbCredentials("app2", "new-Secret-2")); // ...and in the vault
            try (Connection a = ds.getConnection(); Connection b = ds.getConnection(); Connection c = ds.getConnection()) {
                // the third needed a new connection: it logged in with the new credentials
                assertTrue(a.isValid(1) && b.isValid(1) && c.isValid(1));
            }
            assertTrue(openUsers(db).contains("app2"), openUsers(db).toString());
            assertTrue(openUsers(db).contains("app1"), "the old ones are not all closed at once");

            ticker.advance(TidepoolDataSource.CREDENTIAL_ROTATION_SPREAD.plusSeconds(1));
            Pools.await("every connection on the new credentials", () -> {
                ds.runMaintenance(ticker.nanoTime());
                return !openUsers(db).contains("app1") && !openUsers(db).isEmpty();
            });
            try (Connection d = ds.getConnection()) {
                assertTrue(d.isValid(1));
            }
        }
    }

    @Test
    void rotateCredentialsRetiresEveryOpenConnectionWithinTheWindow() throws Exception {
        FakeTicker ticker = new FakeTicker();
        try (StubDatabase db = StubDatabase.create();
             TidepoolDataSource ds = new TidepoolDataSource(Pools.config(db.url()).maxSize(4).minIdle(4)
                     .credentialsSupplier(() -> new DbCredentials("app", "s")).build(), PoolListener.NONE, ticker, false)) {
            db.credentials("app", "s");
            Pools.await("four idle connections", () -> ds.stats().idle() == 4);
            int openedBefore = db.totalOpened();
            ds.rotateCredentials(Duration.ofSeconds(4));
            ticker.advance(Duration.ofSeconds(5));
            // Housekeeping passes (this test runs them): each retires what is due and idle.
            Pools.await("all four replaced", () -> {
                ds.runMaintenance(ticker.nanoTime());
                return db.totalClosed() >= 4 && db.openConnections() == 4;
            });
            assertTrue(db.totalOpened() >= openedBefore + 4);
            assertThrows(IllegalArgumentException.class, () -> ds.rotateCredentials(Duration.ZERO));
        }
    }

    @Test
    void theValueNeverShowsThePasswordAndASupplierExcludesAFixedLogin() {
        assertEquals("DbCredentials[user=app, password=****]", new DbCredentials("app", "hunter2").toString());
        assertFalse(new DbCredentials("app", "hunter2").toString().contains("hunter2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TidepoolConfig.builder()
                .jdbcUrl("jdbc:stub:x").username("app").password("p").credentialsSupplier(() -> null).build());
        assertTrue(e.getMessage().contains("credentialsSupplier is set together with username/password"), e.getMessage());
    }

    private static List<String> openUsers(StubDatabase db) {
        return db.connections().stream().filter(c -> !c.isClosed()).map(StubConnection::user).sorted()
                .collect(Collectors.toList());
    }
}
