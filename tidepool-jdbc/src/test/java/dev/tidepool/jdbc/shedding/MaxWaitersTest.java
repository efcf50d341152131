package dev.tidepool.jdbc.shedding;

import dev.tidepool.testkit.Poll;
import dev.tidepool.core.PoolListener;
import dev.tidepool.core.PoolStats;
import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.StubDatabase;
import dev.tidepool.testkit.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, load shedding: with {@code maxWaiters} threads already waiting, getConnection() fails
 * at once with the counts and the diagnosis instead of queueing another; counted in stats and
 * told to the listener; the waiters already queued are served as usual.
 */
class MaxWaitersTest {
    private static final Duration WAIT_BOUND = Duration.ofSeconds(10);

    private static final class Counting implements PoolListener {
        final AtomicInteger rejected = new AtomicInteger();

        @Override
        public void rejected(PoolStats stats) {
            rejected.incrementAndGet();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"stub", "postgresql"})
    void aBorrowBeyondMaxWaitersFailsAtOnceAndTheQueuedOnesAreServed(String backend) throws Exception {
        StubDatabase stub = backend.equals("stub") ? StubDatabase.create() : null;
        TidepoolConfig.Builder config = TidepoolConfig.builder().poolName("tp_faults_shed_" + backend)
                .maxSize(2).minIdle(0).maxWaiters(3)
                // long: a waiter that were queued instead of shed would block the test, not pass it
                .acquireTimeout(Duration.ofSeconds(30)).validationTimeout(Duration.ofSeconds(1));
        if (stub != null) {
            config.jdbcUrl(stub.url());
        } else {
            DbTarget pg = TestDatabases.requireAvailable(TestDatabases.postgres());
            config.jdbcUrl(pg.url()).username(pg.user()).password(pg.password());
        }
        Counting listener = new Counting();
        ExecutorService waiters = Executors.newFixedThreadPool(3);
        try (TidepoolDataSource ds = new TidepoolDataSource(config.build(), listener)) {
            Connection a = ds.getConnection();
            Connection b = ds.getConnection();
            List<Future<Integer>> queued = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                queued.add(waiters.submit(() -> {
                    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                         ResultSet r = s.executeQuery("SELECT 1")) {
                        r.next();
                        return r.getInt(1);
                    }
                }));
            }
            Poll.until("3 threads wait", WAIT_BOUND, () -> ds.stats().waiting() == 3);

            SQLTransientConnectionException shed = assertThrows(SQLTransientConnectionException.class, ds::getConnection);
            String m = shed.getMessage();
            assertTrue(m.startsWith(ds.poolName() + " - 3 threads already wait for a connection (maxWaiters=3): "
                    + "not queueing another (total=2, active=2, idle=0, waiting=3"), m);
            assertTrue(m.contains("\n  Verdict: "), "the diagnosis follows the counts: " + m);
            assertEquals("08001", shed.getSQLState());
            assertEquals(1, ds.stats().rejected());
            assertEquals(1, listener.rejected.get());
            assertEquals(0, ds.stats().timeouts(), "shed, not timed out");

            a.close();
            b.close();
            for (Future<Integer> f : queued) {
                assertEquals(1, f.get(10, TimeUnit.SECONDS), "a queued waiter is served");
            }
            try (Connection c = ds.getConnection()) {
                assertTrue(c.isValid(1), "below the limit again, borrows queue and succeed");
            }
            assertEquals(1, ds.stats().rejected());
        } finally {
            waiters.shutdownNow();
            if (stub != null) {
                stub.close();
            }
        }
    }

    @Test
    void maxWaitersIsReadFromPropertiesAndANegativeValueIsRejectedNamingTheKey() {
        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:stub:x");
        p.setProperty("maxWaiters", "50");
        assertEquals(50, TidepoolConfig.fromProperties(p).maxWaiters());
        assertEquals(0, TidepoolConfig.builder().jdbcUrl("jdbc:stub:x").build().maxWaiters(), "default: no limit");
        p.setProperty("maxWaiters", "-1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TidepoolConfig.fromProperties(p));
        assertTrue(e.getMessage().contains("maxWaiters (-1) must be >= 0"), e.getMessage());
    }

}
