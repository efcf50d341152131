package dev.tidepool.jdbc.fault;

import dev.tidepool.testkit.Poll;
import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.FaultProxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4, item 3: the network goes silent (a pulled cable) under load. Bounds: no application
 * call blocks longer than acquireTimeout + the query bound; no thread stuck; throughput back soon
 * after the network returns; afterwards the server holds exactly the pool's sessions. And, without
 * any driver socket timeout, the pool's own talk to the server (reset on return, keepalive
 * validation) still ends within validationTimeout.
 */
@Tag("fault")
class BlackholeTest {
    private static final int WORKERS = 12;
    private static final Duration PACE = Duration.ofMillis(4);
    /** Only connect and login are bounded by the driver: no socket (query) timeout at all. */
    private static final String NO_SOCKET_TIMEOUT_PG = "connectTimeout=2&loginTimeout=2&sslmode=disable";
    private static final String NO_SOCKET_TIMEOUT_MARIADB = "connectTimeout=2000";

    static List<String> databases() {
        return FaultDb.names();
    }

    /** 4 s (issue 4) and 12 s (issue 13: long enough that every connection and creation gives up). */
    static List<Arguments> outages() {
        List<Arguments> cases = new ArrayList<>();
        for (String db : FaultDb.names()) {
            cases.add(Arguments.of(db, 4));
            cases.add(Arguments.of(db, 12));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} {1} s")
    @MethodSource("outages")
    void blackholeDuringLoadBlocksNoCallBeyondTheBoundsAndRecovers(String database, int seconds) throws Exception {
        try (FaultDb db = FaultDb.open(database, "bh");
                FaultProxy proxy = FaultProxy.start(db.target.host(), db.target.port())) {
            String run = db.tag;
            try (TidepoolDataSource ds = new TidepoolDataSource(db.poolVia(proxy.port()).build())) {
                Load load = new Load(ds, run, WORKERS, PACE, Duration.ofSeconds(60)).start();
                Bounds.runUntil(load, Bounds.seconds(2));
                long cutAt = load.now();
                proxy.blackhole();
                Bounds.runUntil(load, cutAt + Bounds.seconds(seconds));
                long passAt = load.now();
                proxy.pass();
                Bounds.runUntil(load, passAt + Bounds.seconds(5));
                List<String> stuck = load.stop(Bounds.STOP);

                double before = load.okBetween(cutAt - Bounds.seconds(1), cutAt);
                long recovery = load.recoveryAfter(passAt, before);
                int failedDuring = load.failuresBetween(cutAt, passAt).size();
                int failedAfter = load.failuresBetween(passAt, Long.MAX_VALUE).size();
                int sessions = settledSessions(db, ds);
                Figures.report("blackhole " + seconds + " s", db, String.format("ops/s before=%.0f, failed ops during=%d, after=%d,"
                                + " recovery after network returns=%s, longest call=%s, sessions after=%d (pool total %d)",
                        before, failedDuring, failedAfter, Figures.ms(recovery), load.longestCall(), sessions,
                        ds.stats().total()) + ", first ok op after network returns=" + Figures.ms(load.firstOkAfter(passAt)));

                Bounds.noThreadStuck(stuck);
                Bounds.noCallLongerThanBound(load);
                Bounds.noDeadConnectionLentTwice(load);
                long recoveryBound = FaultDb.ACQUIRE_TIMEOUT.plus(FaultDb.QUERY_BOUND).toNanos();
                assertTrue(recovery >= 0 && recovery <= recoveryBound, () -> "throughput back "
                        + Figures.ms(recovery) + " after the network returned; bound " + Figures.ms(recoveryBound)
                        + "; failures " + load.failuresBetween(passAt, Long.MAX_VALUE));
                assertEquals(ds.stats().total(), sessions, "server-side sessions after the load settled");
                assertEquals(0, db.uncommittedRowsVisible(run), "a row never committed is visible");
            } finally {
                db.cleanUp(run);
            }
        }
    }

    /**
     * A borrower leaves a transaction open, the network goes silent, the borrower closes the
     * connection: the pool's rollback on return must end within validationTimeout even though the
     * driver has no socket timeout (else the application thread hangs until TCP gives up).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void resetOnReturnEndsWithinValidationTimeoutWithoutDriverSocketTimeout(String database) throws Exception {
        try (FaultDb db = FaultDb.open(database, "bhreset");
                FaultProxy proxy = FaultProxy.start(db.target.host(), db.target.port())) {
            String url = db.target.urlVia(proxy.port(), db.postgres ? NO_SOCKET_TIMEOUT_PG : NO_SOCKET_TIMEOUT_MARIADB);
            try (TidepoolDataSource ds = new TidepoolDataSource(db.pool(url).maxSize(1).minIdle(1).build())) {
                Connection c = ds.getConnection();
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + FaultDb.TABLE + " (run, committed) VALUES (?, false)")) {
                    ps.setString(1, db.tag);
                    ps.executeUpdate();
                }
                proxy.blackhole();
                long took = closeBounded(c, proxy);
                Figures.report("reset on return, blackholed, no socket timeout", db, "close() took " + Figures.ms(took));
                long bound = FaultDb.VALIDATION_TIMEOUT.plus(Bounds.SLACK).toNanos();
                assertTrue(took <= bound, () -> "close() with an open transaction took " + Figures.ms(took)
                        + " on a silent network; bound validationTimeout + slack = " + Figures.ms(bound));

                proxy.pass();
                try (Connection again = ds.getConnection(); PreparedStatement ps = again.prepareStatement("SELECT 1")) {
                    ps.executeQuery().close();
                }
                assertEquals(0, db.uncommittedRowsVisible(db.tag), "a row never committed is visible");
            } finally {
                proxy.pass();
                db.cleanUp(db.tag);
            }
        }
    }

    /**
     * With the network silent and no driver socket timeout, keepalive validation must give up
     * within validationTimeout and retire the idle connections, and a borrow must fail within
     * acquireTimeout + validationTimeout instead of hanging on a validation.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void keepaliveAndBorrowValidationEndWithoutDriverSocketTimeout(String database) throws Exception {
        try (FaultDb db = FaultDb.open(database, "bhkeep");
                FaultProxy proxy = FaultProxy.start(db.target.host(), db.target.port())) {
            String url = db.target.urlVia(proxy.port(), db.postgres ? NO_SOCKET_TIMEOUT_PG : NO_SOCKET_TIMEOUT_MARIADB);
            try (TidepoolDataSource ds = new TidepoolDataSource(db.pool(url).maxSize(2).minIdle(2)
                    .keepaliveInterval(Duration.ofSeconds(1)).maxLifetime(Duration.ofSeconds(60)).build())) {
                Poll.within(Duration.ofSeconds(10), () -> ds.stats().idle() == 2);
                assertEquals(2, ds.stats().idle(), "the pool did not fill to minIdle");
                long destroyedBefore = ds.stats().destroyed();
                proxy.blackhole();
                long cut = System.nanoTime();
                // keepalive due within 1 s, each validation bounded by 1 s, housekeeping validates one by one
                Duration bound = Duration.ofSeconds(1).plus(FaultDb.VALIDATION_TIMEOUT.multipliedBy(2)).plus(Bounds.SLACK);
                Poll.within(bound.plusSeconds(5), () -> ds.stats().destroyed() - destroyedBefore >= 2);
                long retired = System.nanoTime() - cut;
                long borrowStart = System.nanoTime();
                try (Connection c = ds.getConnection()) {
                    throw new AssertionError("borrowed a connection through a silent network: " + c);
                } catch (SQLException expected) {
                    // no connection can be opened or validated
                }
                long borrowTook = System.nanoTime() - borrowStart;
                Figures.report("keepalive + borrow, blackholed, no socket timeout", db,
                        "idle connections retired after " + Figures.ms(retired) + ", failed borrow took " + Figures.ms(borrowTook));
                assertTrue(ds.stats().destroyed() - destroyedBefore >= 2, () -> "keepalive did not retire the idle "
                        + "connections of a silent network within " + bound.plusSeconds(5).toMillis() + " ms: " + ds.stats());
                assertTrue(retired <= bound.toNanos(), () -> "retiring took " + Figures.ms(retired) + ", bound " + bound.toMillis() + " ms");
                long borrowBound = FaultDb.ACQUIRE_TIMEOUT.plus(FaultDb.VALIDATION_TIMEOUT).plus(Bounds.SLACK).toNanos();
                assertTrue(borrowTook <= borrowBound, () -> "a borrow took " + Figures.ms(borrowTook));

                proxy.pass();
                try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1")) {
                    ps.executeQuery().close();
                }
            } finally {
                proxy.pass();
            }
        }
    }

    /** Closes {@code c} on another thread; if it hangs past a generous bound, restores the network so it ends. */
    private static long closeBounded(Connection c, FaultProxy proxy) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Long> took = new AtomicReference<>();
        Thread closer = new Thread(() -> {
            long t = System.nanoTime();
            try {
                c.close();
            } catch (SQLException e) {
                // a failed close still gives the connection back
            }
            took.set(System.nanoTime() - t);
            done.countDown();
        }, "fault-closer");
        closer.setDaemon(true);
        closer.start();
        if (!done.await(30, TimeUnit.SECONDS)) {
            proxy.pass();
            done.await(30, TimeUnit.SECONDS);
            throw new AssertionError("close() hung for 30 s on a silent network (stopped by restoring the network)");
        }
        return took.get();
    }

    /** The pool's server sessions once creations and closes in flight have settled (bounded). */
    static int settledSessions(FaultDb db, TidepoolDataSource ds) throws Exception {
        return Poll.within(Duration.ofSeconds(15), () -> db.sessions() == ds.stats().total() && ds.stats().creating() == 0)
                ? db.sessions() : db.sessions();
    }
}
