package dev.tidepool.jdbc.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolDataSource;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4, item 2: the database restarts under load. The pool recovers by itself as soon as the
 * server accepts connections again, and lends no broken connection afterwards.
 *
 * <p>Restarts the shared local servers (each outage a few seconds; the finally block always starts
 * the server again). Runs by default and in CI, as root; skipped with a notice when not root, and
 * locally with {@code -Dtidepool.skipRestart=true}.
 */
@DisabledIfSystemProperty(named = "tidepool.skipRestart", matches = "true")
@Tag("fault")
class RestartTest {

    static List<String> databases() {
        return FaultDb.names();
    }

    /** Restarting the servers takes root (pg_ctlcluster, start-stop-daemon): skipped with a notice otherwise, failed when CI=true. */
    @BeforeAll
    static void requireRoot() {
        if ("root".equals(System.getProperty("user.name"))) {
            return;
        }
        String why = "RestartTest restarts the local database servers, which takes root";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(why + " (CI=true: run CI as root)");
        }
        System.err.println("[tidepool] NOTICE: " + why + "; skipped (run as root, or pass -Dtidepool.skipRestart=true)");
        Assumptions.abort(why);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void poolRecoversByItselfAfterADatabaseRestartAndLendsNoBrokenConnection(String database) throws Exception {
        try (FaultDb db = FaultDb.open(database, "restart")) {
            String run = db.tag;
            try (TidepoolDataSource ds = new TidepoolDataSource(db.pool().build())) {
                Load load = new Load(ds, run, 12, Duration.ofMillis(4), Duration.ofSeconds(180)).start();
                Bounds.runUntil(load, Bounds.seconds(2));
                long downAt = load.now();
                try {
                    Servers.restart(db);
                } finally {
                    Servers.ensureRunning(db);
                }
                long upAt = load.now();
                Bounds.runUntil(load, upAt + Bounds.seconds(5));
                List<String> stuck = load.stop(Bounds.STOP);

                double before = load.okBetween(downAt - Bounds.seconds(1), downAt);
                long recovery = load.recoveryAfter(upAt, before);
                long firstOk = firstOkAfter(load, upAt);
                List<Load.Failure> afterRecovery = recovery < 0 ? load.failures()
                        : load.failuresBetween(upAt + recovery, Long.MAX_VALUE);
                int sessions = BlackholeTest.settledSessions(db, ds);
                long gap = load.longestGap(downAt, load.now());
                Figures.report("database restart", db, String.format("restart command=%s, no successful op for=%s, failed ops during=%d,"
                                + " after server up=%d, first ok op after up=%s, full throughput after up=%s,"
                                + " failures after recovery=%d, longest call=%s, sessions after=%d (pool total %d)",
                        Figures.ms(upAt - downAt), Figures.ms(gap), load.failuresBetween(downAt, upAt).size(),
                        load.failuresBetween(upAt, Long.MAX_VALUE).size(), Figures.ms(firstOk), Figures.ms(recovery),
                        afterRecovery.size(), load.longestCall(), sessions, ds.stats().total()));

                Bounds.noThreadStuck(stuck);
                Bounds.noCallLongerThanBound(load);
                Bounds.noDeadConnectionLentTwice(load);
                long bound = FaultDb.ACQUIRE_TIMEOUT.plus(Bounds.SLACK).toNanos();
                assertTrue(recovery >= 0 && recovery <= bound, () -> "throughput back " + Figures.ms(recovery)
                        + " after the server answered again; bound " + Figures.ms(bound));
                assertEquals(List.of(), afterRecovery, "failures after the pool recovered (a broken connection lent)");
                assertEquals(ds.stats().total(), sessions, "server-side sessions after the load settled");
                assertEquals(0, db.uncommittedRowsVisible(run), "a row never committed is visible");
            } finally {
                Servers.ensureRunning(db);
                db.cleanUp(run);
            }
        }
    }

    private static long firstOkAfter(Load load, long from) {
        for (long t = from; t < load.now(); t += OkBuckets.BUCKET_NANOS) {
            if (load.okBetween(t, t + OkBuckets.BUCKET_NANOS) > 0) {
                return t - from;
            }
        }
        return -1;
    }
}
