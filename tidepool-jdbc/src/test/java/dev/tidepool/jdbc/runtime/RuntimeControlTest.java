package dev.tidepool.jdbc.runtime;

import dev.tidepool.testkit.Poll;
import dev.tidepool.core.DestroyReason;
import dev.tidepool.core.Registration;
import dev.tidepool.jdbc.ConnectFailure;
import dev.tidepool.jdbc.SessionAttribute;
import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.jdbc.TidepoolListener;
import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.StubDatabase;
import dev.tidepool.testkit.TestDatabases;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The data source's runtime API (issue 10): listeners attached after construction, suspend and
 * resume, and the three settings that may change, on H2 and the real PostgreSQL.
 */
class RuntimeControlTest {
    private static final Duration WAIT_BOUND = Duration.ofSeconds(10);

    /** Records the JDBC events. */
    static final class Recorder implements TidepoolListener {
        final List<Long> waits = new CopyOnWriteArrayList<>();
        final List<Long> uses = new CopyOnWriteArrayList<>();
        final List<SessionAttribute> resets = new CopyOnWriteArrayList<>();
        final List<ConnectFailure> connectFailures = new CopyOnWriteArrayList<>();
        final List<DestroyReason> destroyed = new CopyOnWriteArrayList<>();

        @Override public void acquired(long waitNanos) { waits.add(waitNanos); }
        @Override public void returned(long useNanos) { uses.add(useNanos); }
        @Override public void attributeReset(SessionAttribute attribute) { resets.add(attribute); }
        @Override public void connectFailed(ConnectFailure failure) { connectFailures.add(failure); }
        @Override public void destroyed(DestroyReason reason) { destroyed.add(reason); }
    }

    private static TidepoolConfig.Builder config(DbTarget db, String name) {
        return TidepoolConfig.builder().jdbcUrl(db.url()).username(db.user()).password(db.password())
                .poolName(name).maxSize(2).minIdle(0).acquireTimeout(Duration.ofSeconds(5))
                .validationTimeout(Duration.ofSeconds(1)).drainTimeout(Duration.ofSeconds(2));
    }

    @Test
    void aListenerAttachedToARunningDataSourceHearsTimingsAndEachRestoredAttribute() throws Exception {
        DbTarget pg = TestDatabases.requireAvailable(TestDatabases.postgres());
        try (TidepoolDataSource ds = new TidepoolDataSource(config(pg, "tp_metrics_rt1").build())) {
            ds.getConnection().close();
            Recorder r = new Recorder();
            try (Registration reg = ds.addListener(r)) {
                try (Connection c = ds.getConnection()) {
                    c.setAutoCommit(false);
                    c.setReadOnly(true);
                    c.createStatement().execute("select 1");
                }
                try (Connection c = ds.getConnection()) {
                    c.createStatement().execute("set search_path to public");
                }
                ds.getConnection().close();
            }
            ds.getConnection().close();
            assertEquals(3, r.waits.size(), "one wait per borrow while attached: " + r.waits);
            assertEquals(3, r.uses.size(), "one use per return while attached: " + r.uses);
            assertEquals(List.of(SessionAttribute.TRANSACTION, SessionAttribute.AUTO_COMMIT, SessionAttribute.READ_ONLY,
                    SessionAttribute.SESSION), r.resets, "rolled back, two attributes, then the full reset");
        }
    }

    @Test
    void aWrongPasswordReachesAListenerAsAuthFailed() throws Exception {
        DbTarget role = dev.tidepool.jdbc.secrets.PasswordRole.postgres();
        Recorder r = new Recorder();
        TidepoolConfig config = config(role, "tp_metrics_rt2").username(dev.tidepool.jdbc.secrets.PasswordRole.USER).password("wrong-" + dev.tidepool.jdbc.secrets.PasswordRole.PASSWORD)
                .failFast(false).acquireTimeout(Duration.ofSeconds(2)).build();
        try (TidepoolDataSource ds = new TidepoolDataSource(config)) {
            ds.addListener(r);
            assertThrows(java.sql.SQLException.class, ds::getConnection);
            Poll.until("a classified failure", WAIT_BOUND, () -> !r.connectFailures.isEmpty());
            assertEquals(ConnectFailure.AUTH_FAILED, r.connectFailures.get(0));
        }
    }

    @Test
    void aSuspendedDataSourceMakesBorrowersWaitAndServesThemOnResume() throws Exception {
        DbTarget h2 = TestDatabases.h2Mem("tp_metrics_suspend");
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (TidepoolDataSource ds = new TidepoolDataSource(config(h2, "tp_metrics_rt3")
                .acquireTimeout(Duration.ofMillis(200)).validationTimeout(Duration.ofMillis(100)).failFast(false).build())) {
            ds.suspend();
            assertTrue(ds.isSuspended());
            SQLTransientConnectionException t = assertThrows(SQLTransientConnectionException.class, ds::getConnection);
            assertTrue(t.getMessage().startsWith("tp_metrics_rt3 - no connection available within 200 ms: the pool is suspended"),
                    t.getMessage());
            ds.setAcquireTimeout(Duration.ofSeconds(10));
            Future<Boolean> borrower = executor.submit(() -> {
                try (Connection c = ds.getConnection()) {
                    return c.isValid(1);
                }
            });
            Poll.until("waiting for the resume", WAIT_BOUND, () -> ds.stats().waiting() == 1);
            ds.resume();
            assertTrue(borrower.get(5, TimeUnit.SECONDS));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aCredentialsPartitionMadeWhileSuspendedIsSuspendedTooAndTakesTheCurrentMaxSize() throws Exception {
        try (StubDatabase db = StubDatabase.create()) {
            db.credentials("app", "right");
            try (TidepoolDataSource ds = new TidepoolDataSource(TidepoolConfig.builder().jdbcUrl(db.url()).failFast(false)
                    .poolName("tp_metrics_rt_partition").maxSize(3).minIdle(0).acquireTimeout(Duration.ofMillis(200))
                    .validationTimeout(Duration.ofMillis(100)).build())) {
                ds.setMaxSize(1);
                ds.suspend();
                SQLTransientConnectionException t = assertThrows(SQLTransientConnectionException.class,
                        () -> ds.getConnection("app", "right"));
                assertTrue(t.getMessage().contains("the pool is suspended"), t.getMessage());
                ds.resume();
                try (Connection c = ds.getConnection("app", "right")) {
                    assertTrue(c.isValid(1));
                    SQLTransientConnectionException full = assertThrows(SQLTransientConnectionException.class,
                            () -> ds.getConnection("app", "right"));
                    assertTrue(full.getMessage().contains("no connection available within 200 ms"), full.getMessage());
                    assertEquals(1, ds.stats().total(), "the partition was made with maxSize 1, the size then");
                }
            }
        }
    }

    @Test
    void maxSizeMinIdleAndAcquireTimeoutChangeAtRuntimeAndEverythingElseStaysAsBuilt() throws Exception {
        DbTarget h2 = TestDatabases.h2Mem("tp_metrics_resize");
        try (TidepoolDataSource ds = new TidepoolDataSource(config(h2, "tp_metrics_rt4").maxSize(4).build())) {
            Recorder r = new Recorder();
            ds.addListener(r);
            ds.setMinIdle(3);
            Poll.until("3 idle", WAIT_BOUND, () -> ds.stats().idle() == 3);
            assertEquals(3, ds.minIdle());
            ds.setMinIdle(0);
            ds.setMaxSize(1);
            Poll.until("shrunk to 1, two closed as SHRUNK", WAIT_BOUND, () -> ds.stats().total() == 1
                    && r.destroyed.stream().filter(d -> d == DestroyReason.SHRUNK).count() == 2);
            ds.setAcquireTimeout(Duration.ofMillis(100));
            try (Connection held = ds.getConnection()) {
                SQLTransientConnectionException t = assertThrows(SQLTransientConnectionException.class, ds::getConnection);
                assertTrue(t.getMessage().contains("within 100 ms"), t.getMessage());
            }
            assertEquals(1, ds.maxSize());
            assertEquals(Duration.ofMillis(100), ds.acquireTimeout());
            assertEquals(4, ds.config().maxSize(), "config() is the configuration as built");
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ds.setMinIdle(2));
            assertEquals("minIdle (2) must be <= maxSize (1): raise maxSize first", bad.getMessage());
        }
    }

}
