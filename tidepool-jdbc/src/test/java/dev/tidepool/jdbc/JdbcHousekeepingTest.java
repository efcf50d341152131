package dev.tidepool.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.core.PoolListener;
import dev.tidepool.testkit.FakeTicker;
import dev.tidepool.testkit.StubConnection;
import dev.tidepool.testkit.StubDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lifetime, idle and keepalive decisions of the JDBC pool, on the stub driver with a fake clock:
 * the test moves the clock and runs each housekeeping pass itself (no housekeeping thread), and
 * reads the outcome off the stub's physical connections. Issue 2.
 */
class JdbcHousekeepingTest {
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private final FakeTicker clock = new FakeTicker();
    private StubDatabase db;

    @BeforeEach
    void createDatabase() {
        db = StubDatabase.create();
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    private TidepoolDataSource pool(TidepoolConfig.Builder config) throws SQLException {
        return new TidepoolDataSource(config.failFast(false).build(), PoolListener.NONE, clock, false);
    }

    /**
     * Waits until the pool lends {@code n} idle connections: the stub counts a connection open as
     * soon as the driver hands it out, before the pool has set it up and put it in its idle list.
     */
    private static void awaitIdle(TidepoolDataSource ds, int n) {
        Pools.await(n + " idle connections in the pool", () -> ds.stats().idle() == n);
    }

    @Test
    void connectionsPastMaxLifetimeAreRetiredWhenIdleAndOnReturnWhenBorrowedAndReplaced() throws Exception {
        try (TidepoolDataSource ds = pool(Pools.config(db.url()).maxSize(2).minIdle(2)
                .maxLifetime(Duration.ofMinutes(30)))) {
            db.awaitOpenConnections(2, SETTLE);
            awaitIdle(ds, 2);
            Connection held = ds.getConnection();
            ds.runMaintenance(clock.advance(Duration.ofMinutes(29)));
            assertEquals(0, db.totalClosed(), "lifetimes are jittered down by at most 2.5 %");

            ds.runMaintenance(clock.advance(Duration.ofMinutes(1)));
            Pools.await("the idle connection is retired and replaced", () -> db.totalClosed() == 1 && db.totalOpened() == 3);
            try (Statement s = held.createStatement()) {
                s.execute("select 1"); // never retired while borrowed
            }
            held.close();
            Pools.await("the borrowed one is retired on return and replaced",
                    () -> db.totalClosed() == 2 && db.totalOpened() == 4 && db.openConnections() == 2);
        }
    }

    @Test
    void idleConnectionsAboveMinIdleAreClosedAfterIdleTimeout() throws Exception {
        try (TidepoolDataSource ds = pool(Pools.config(db.url()).maxSize(3).minIdle(1)
                .idleTimeout(Duration.ofMinutes(10)))) {
            List<Connection> borrowed = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                borrowed.add(ds.getConnection());
            }
            for (Connection c : borrowed) {
                c.close();
            }
            ds.runMaintenance(clock.advance(Duration.ofMinutes(9)));
            assertEquals(3, db.openConnections(), "not idle for 10 minutes yet");

            ds.runMaintenance(clock.advance(Duration.ofMinutes(2)));
            Pools.await("two closed, minIdle kept", () -> db.openConnections() == 1 && db.totalClosed() == 2);
            assertEquals(1, ds.stats().idle());
        }
    }

    @Test
    void keepaliveValidatesIdleConnectionsAndReplacesADeadOne() throws Exception {
        try (TidepoolDataSource ds = pool(Pools.config(db.url()).maxSize(2).minIdle(2)
                .keepaliveInterval(Duration.ofMinutes(2)))) {
            db.awaitOpenConnections(2, SETTLE);
            awaitIdle(ds, 2);
            List<StubConnection> first = db.connections();
            ds.runMaintenance(clock.advance(Duration.ofMinutes(1)));
            assertEquals(0, first.get(0).isValidCount() + first.get(1).isValidCount(), "keepalive not due yet");

            first.get(0).kill(); // the server dropped it while it sat idle
            ds.runMaintenance(clock.advance(Duration.ofMinutes(1)));
            Pools.await("both validated, the dead one replaced", () -> first.get(0).isValidCount() == 1
                    && first.get(1).isValidCount() == 1 && db.totalOpened() == 3 && db.openConnections() == 2);
            assertTrue(first.get(0).isClosed(), "the dead connection is closed");
            assertFalse(first.get(1).isClosed(), "the live one is kept");
        }
    }

    @Test
    void aConnectionIdleLongerThanHalfASecondIsValidatedOnBorrowAndAFreshOneIsNot() throws Exception {
        try (TidepoolDataSource ds = pool(Pools.config(db.url()).maxSize(1).minIdle(1))) {
            db.awaitOpenConnections(1, SETTLE);
            awaitIdle(ds, 1);
            StubConnection physical = db.connections().get(0);
            for (int i = 0; i < 5; i++) {
                ds.getConnection().close();
            }
            assertEquals(0, physical.isValidCount(), "just used: lent without a validation round trip");

            ds.runMaintenance(clock.advance(Duration.ofSeconds(1))); // the pool's clock moves in housekeeping passes
            ds.getConnection().close();
            assertEquals(1, physical.isValidCount());
        }
    }
}
