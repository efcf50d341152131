package dev.tidepool.micrometer;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The diagnosis meters on PostgreSQL: an idle-in-transaction warning, a connection held past
 * leakThreshold, and one dropped without close() (recovered, destroyed as leaked).
 */
class WarningsAndLeaksTest {

    @Test
    void idleInTransactionHeldTooLongAndAbandonedAreCounted() throws Exception {
        DbTarget pg = TestDatabases.requireAvailable(TestDatabases.postgres());
        TidepoolConfig config = TidepoolConfig.builder().jdbcUrl(pg.url()).username(pg.user()).password(pg.password())
                .poolName("tp_metrics_warn").maxSize(2).minIdle(0).acquireTimeout(Duration.ofSeconds(5))
                .validationTimeout(Duration.ofSeconds(1)).idleInTransactionThreshold(Duration.ofMillis(300))
                .leakThreshold(Duration.ofMillis(600)).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        try (TidepoolDataSource ds = new TidepoolDataSource(config); TidepoolMetrics metrics = TidepoolMetrics.bind(ds, registry)) {
            Thread holder = new Thread(() -> {
                try (Connection c = ds.getConnection()) {
                    c.setAutoCommit(false);
                    try (Statement s = c.createStatement()) {
                        s.execute("select 1");
                    }
                    holding.countDown();
                    release.await(20, TimeUnit.SECONDS); // a transaction open, no JDBC call: the incident
                    c.rollback();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "tp-metrics-holder");
            holder.start();
            assertTrue(holding.await(10, TimeUnit.SECONDS));
            ScriptedSequenceTest.await("an idle-in-transaction warning", () ->
                    registry.get("tidepool.connections.idle_in_transaction").counter().count() == 1.0);
            ScriptedSequenceTest.await("held past leakThreshold", () ->
                    registry.get("tidepool.connections.leaks").tag("kind", "held_too_long").counter().count() == 1.0);
            release.countDown();
            holder.join(10_000);

            dropWithoutClose(ds);
            ScriptedSequenceTest.await("the dropped connection recovered", () -> {
                System.gc();
                return registry.get("tidepool.connections.leaks").tag("kind", "abandoned").counter().count() == 1.0;
            });
            ScriptedSequenceTest.await("destroyed as leaked", () ->
                    registry.get("tidepool.connections.destroyed").tag("reason", "leaked").counter().count() == 1.0);
        }
    }

    /** Borrows and forgets, in its own frame so that nothing keeps the wrapper reachable. */
    private static void dropWithoutClose(TidepoolDataSource ds) throws Exception {
        Connection c = ds.getConnection();
        c.isValid(1);
    }
}
