package dev.tidepool.micrometer;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.Poll;
import dev.tidepool.testkit.StubDatabase;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The meters fed by sampled timings (issue 10, "same margins"), on the stub driver: counts exact
 * after thousands of borrows, totals that only grow, a long hold in the maximum and the total
 * whichever borrow was the sample; {@code withExactTimings()} times every one.
 */
class SampledTimingsMetersTest {

    private static TidepoolDataSource dataSource(StubDatabase db, String name) throws Exception {
        return new TidepoolDataSource(TidepoolConfig.builder().jdbcUrl(db.url()).poolName(name)
                .maxSize(2).minIdle(2).acquireTimeout(Duration.ofSeconds(5)).build());
    }

    @Test
    void countsAreExactTotalsOnlyGrowAndALongHoldIsInTheMaximum() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (StubDatabase db = StubDatabase.create(); TidepoolDataSource ds = dataSource(db, "tp_metrics_sampled");
             TidepoolMetrics metrics = TidepoolMetrics.bind(ds, registry)) {
            FunctionTimer wait = registry.get("db.client.connection.wait_time").functionTimer();
            FunctionTimer use = registry.get("db.client.connection.use_time").functionTimer();
            double lastTotal = 0;
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 1_000; i++) {
                    ds.getConnection().close();
                }
                assertEquals(1_000 * (round + 1), wait.count(), "every borrow counted, not only the samples");
                assertEquals(1_000 * (round + 1), use.count());
                double total = use.totalTime(TimeUnit.NANOSECONDS);
                assertTrue(total >= lastTotal, "the total went down: " + lastTotal + " then " + total);
                lastTotal = total;
            }
            long start = System.nanoTime();
            try (Connection held = ds.getConnection()) {
                // Housekeeping moves the coarse clock at least every 250 ms: this hold spans a move.
                Poll.until("1 s held", Duration.ofSeconds(5), () -> System.nanoTime() - start >= 1_000_000_000L);
            }
            long outer = System.nanoTime() - start;
            double max = registry.get("db.client.connection.use_time.max").timeGauge().value(TimeUnit.NANOSECONDS);
            // At most a tick short; over only by as much as housekeeping was late (a loaded machine).
            assertTrue(max >= 1_000_000_000L - 250_000_000L && max <= outer + 250_000_000L,
                    "the long hold is the maximum, within a tick: " + max + " of " + outer);
            assertTrue(use.totalTime(TimeUnit.NANOSECONDS) - lastTotal >= max, "and in the total");
        }
    }

    @Test
    void withExactTimingsEveryUseIsTimed() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (StubDatabase db = StubDatabase.create(); TidepoolDataSource ds = dataSource(db, "tp_metrics_exact");
             TidepoolMetrics metrics = TidepoolMetrics.forDataSource(ds).withExactTimings()) {
            metrics.bindTo(registry);
            long start = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                try (Connection c = ds.getConnection()) {
                    long lent = System.nanoTime();
                    Poll.until("1 ms held", Duration.ofSeconds(5), () -> System.nanoTime() - lent >= 1_000_000L);
                }
            }
            long outer = System.nanoTime() - start;
            FunctionTimer use = registry.get("db.client.connection.use_time").functionTimer();
            assertEquals(20, use.count());
            double total = use.totalTime(TimeUnit.NANOSECONDS);
            assertTrue(total >= 20 * 1_000_000L && total <= outer, "each of the 20 holds timed: " + total);
        }
    }
}
