package dev.tidepool.jdbc.diagnosis;

import dev.tidepool.testkit.Poll;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.jdbc.internal.diagnosis.RecentReport;
import dev.tidepool.testkit.StubDatabase;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A waiter whose acquireTimeout ran out while another waiter is still building the exhaustion
 * report gets its failure within acquireTimeout + a small slack, not after the other's build
 * (under starvation on MariaDB one was seen blocked over 20 s on the report's lock).
 */
class ReportWaitBoundTest {
    private static final Duration ACQUIRE = Duration.ofMillis(300);
    /** The lock wait ({@link RecentReport#MAX_WAIT}) plus room for a loaded machine; a build here blocks 10 s. */
    private static final Duration SLACK = Duration.ofMillis(1500);

    /**
     * A connect failure whose message blocks while the exhaustion report is being built (the
     * report describes the last connect failure), so that build hangs until released. Elsewhere
     * (the pool classifying the failure) it answers at once.
     */
    private static final class SlowToDescribe extends SQLException {
        private static final long serialVersionUID = 1L;
        static final CountDownLatch BUILDING = new CountDownLatch(1);
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        SlowToDescribe() {
            super("Connect timed out", "08S01", new java.net.SocketTimeoutException("connect timed out"));
        }

        @Override
        public String getMessage() {
            boolean inReport = StackWalker.getInstance().walk(frames -> frames.anyMatch(
                    f -> f.getClassName().equals(RecentReport.class.getName())));
            if (inReport) {
                BUILDING.countDown();
                try {
                    RELEASE.await(10, TimeUnit.SECONDS); // bounded: the test releases it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.getMessage();
        }
    }

    @Test
    void aWaiterFailsWithinItsAcquireTimeoutWhileAnotherBuildsTheReport() throws Exception {
        try (StubDatabase db = StubDatabase.create()) {
            db.failConnectsWith(SlowToDescribe::new);
            try (TidepoolDataSource ds = new TidepoolDataSource(TidepoolConfig.builder().jdbcUrl(db.url())
                    .poolName(Configs.uniqueName("reportwait")).failFast(false).minIdle(1).maxSize(2)
                    .acquireTimeout(ACQUIRE).validationTimeout(Duration.ofMillis(100)).build())) {
                // The pool's own fill (minIdle) fails first, so the first waiter's report describes that failure.
                Poll.until("a failed creation", Duration.ofSeconds(10), () -> ds.stats().createFailures() > 0);
                waitersWhileOneBuilds(ds);
            }
        }
    }

    private static void waitersWhileOneBuilds(TidepoolDataSource ds) throws Exception {
        CompletableFuture<SQLException> builder = CompletableFuture.supplyAsync(() -> {
            try {
                ds.getConnection().close();
                return null;
            } catch (SQLException e) {
                return e;
            }
        });
        try {
            assertTrue(SlowToDescribe.BUILDING.await(10, TimeUnit.SECONDS), "the first waiter never built a report");
            long t = System.nanoTime();
            SQLTransientConnectionException e = assertThrows(SQLTransientConnectionException.class, ds::getConnection);
            long took = System.nanoTime() - t;
            assertTrue(took <= ACQUIRE.plus(SLACK).toNanos(), () -> "the second waiter failed after "
                    + took / 1_000_000 + " ms; acquireTimeout " + ACQUIRE.toMillis() + " ms + slack " + SLACK.toMillis());
            assertTrue(e.getMessage().startsWith(ds.poolName() + " - no connection available within 300 ms (total=0"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("another waiter is still building it; counts only"), e.getMessage());
        } finally {
            SlowToDescribe.RELEASE.countDown();
        }
        SQLException first = builder.get(15, TimeUnit.SECONDS);
        assertTrue(first != null && first.getMessage().contains("Verdict: the pool cannot open connections"),
                () -> "the builder's own report: " + first);
    }
}
