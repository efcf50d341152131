package dev.tidepool.jdbc.fault;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.FaultProxy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4, item 1: every connection of a loaded pool dies at once, killed by the server
 * ({@code pg_terminate_backend} / MariaDB {@code KILL CONNECTION}) or reset by the network (RST
 * from the proxy). Bounds: at most one failed operation per killed connection; no connection lent
 * again after an operation on it failed; no borrow fails; full throughput back within a second;
 * the pool's connections never above {@code maxSize} (the server's sessions, or for a reset the
 * proxy's flows); no call longer than acquireTimeout + the query bound; no uncommitted row visible.
 */
@Tag("fault")
class DeadConnectionTest {
    private static final int WORKERS = 12;
    private static final Duration PACE = Duration.ofMillis(4);

    static List<String> databases() {
        return FaultDb.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void serverKillingEverySessionCostsAtMostOneFailurePerConnection(String database) throws Exception {
        try (FaultDb db = FaultDb.open(database, "kill")) {
            killDuringLoad(db, null, "kill");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void networkResetOfEveryFlowCostsAtMostOneFailurePerConnection(String database) throws Exception {
        try (FaultDb db = FaultDb.open(database, "rst");
                FaultProxy proxy = FaultProxy.start(db.target.host(), db.target.port())) {
            killDuringLoad(db, proxy, "rst");
        }
    }

    private static void killDuringLoad(FaultDb db, FaultProxy proxy, String fault) throws Exception {
        String run = db.tag;
        try (TidepoolDataSource ds = new TidepoolDataSource((proxy == null ? db.pool() : db.poolVia(proxy.port())).build());
                SessionSampler sessions = proxy == null ? SessionSampler.sessionsOf(db)
                        : SessionSampler.flowsThrough(proxy, db.tag)) {
            Load load = new Load(ds, run, WORKERS, PACE, Duration.ofSeconds(60)).start();
            Bounds.runUntil(load, Bounds.seconds(3));
            long faultAt = load.now();
            int killed = proxy == null ? db.killSessions() : resetAll(proxy);
            Bounds.runUntil(load, faultAt + Bounds.seconds(3));
            List<String> stuck = load.stop(Bounds.STOP);

            double before = load.okBetween(faultAt - Bounds.seconds(1), faultAt);
            double firstSecond = load.okBetween(faultAt, faultAt + Bounds.seconds(1));
            double secondSecond = load.okBetween(faultAt + Bounds.seconds(1), faultAt + Bounds.seconds(2));
            long recovery = load.recoveryAfter(faultAt, before);
            List<Load.Failure> failures = load.failures();
            Figures.report("dead connections (" + fault + ")", db, String.format(
                    "killed=%d, failed ops=%d, ops/s before=%.0f, 1st s after=%.0f (%.0f%%), 2nd s after=%.0f (%.0f%%),"
                            + " recovery=%s, longest call=%s, %s",
                    killed, failures.size(), before, firstSecond, 100 * firstSecond / before, secondSecond,
                    100 * secondSecond / before, Figures.ms(recovery), load.longestCall(), sessions));

            Bounds.noThreadStuck(stuck);
            assertTrue(killed >= 1, "nothing was killed: the pool had no session");
            assertTrue(failures.size() <= killed, () -> failures.size() + " failed operations for " + killed
                    + " killed connections: " + failures);
            assertEquals(List.of(), failures.stream().filter(f -> f.connection() == null).toList(),
                    "a borrow failed: the pool did not replace the dead connections in time");
            Bounds.noDeadConnectionLentTwice(load);
            assertTrue(recovery >= 0 && recovery <= Bounds.seconds(1), () -> "throughput back after "
                    + Figures.ms(recovery) + ", more than a second");
            // The pool keeps serving after the recovery. How much it serves is a speed figure (it is
            // in the report above): on a loaded 2-core machine the second after a fault has seen a
            // third of the second before with the pool healthy, so a ratio here only measured the load.
            assertTrue(secondSecond > 0, () -> "no operation succeeded in the second second after the fault; the second before did "
                    + before);
            assertTrue(sessions.max() <= FaultDb.MAX_SIZE, () -> "the pool's connections: " + sessions
                    + ", more than maxSize " + FaultDb.MAX_SIZE);
            Bounds.noCallLongerThanBound(load);
            assertEquals(0, db.uncommittedRowsVisible(run), "a row never committed is visible");
        } finally {
            db.cleanUp(run);
        }
    }

    private static int resetAll(FaultProxy proxy) {
        int flows = proxy.activeFlows();
        proxy.resetAll();
        return flows;
    }
}
