package dev.tidepool.jdbc.fault;

import dev.tidepool.testkit.Poll;
import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolDataSource;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4, item 9: {@code close()} during load. Borrowers get "pool is closed", work in flight
 * finishes (no in-flight operation fails) within the drain deadline, and then no thread of the
 * pool and no server session remains.
 */
@Tag("fault")
class ShutdownTest {
    private static final Duration DRAIN = Duration.ofSeconds(2);

    static List<String> databases() {
        return FaultDb.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void closeDuringLoadDrainsInFlightWorkAndLeavesNothingBehind(String database) throws Exception {
        try (FaultDb db = FaultDb.open(database, "close")) {
            String run = db.tag;
            TidepoolDataSource ds = new TidepoolDataSource(db.pool().drainTimeout(DRAIN).build());
            try {
                Load load = new Load(ds, run, 12, Duration.ofMillis(4), Duration.ofSeconds(60)).start();
                Bounds.runUntil(load, Bounds.seconds(2));
                long closeAt = load.now();
                ds.close();
                long closeTook = load.now() - closeAt;
                Bounds.runUntil(load, closeAt + Bounds.seconds(1));
                List<String> stuck = load.stop(Bounds.STOP);

                List<Load.Failure> after = load.failuresBetween(closeAt, Long.MAX_VALUE);
                List<Load.Failure> notClosed = after.stream().filter(f -> !f.error().contains("pool is closed"))
                        .collect(Collectors.toList());
                String prefix = ds.poolName() + "-";
                boolean threadsGone = Poll.within(Duration.ofSeconds(5), () -> poolThreads(prefix).isEmpty());
                boolean sessionsGone = Poll.within(Duration.ofSeconds(5), () -> db.sessions() == 0);
                Figures.report("close() during load", db, String.format("close() took %s, ops before=%d,"
                                + " \"pool is closed\" after=%d, other failures=%d, pool threads left=%d, sessions left=%d",
                        Figures.ms(closeTook), load.okBetween(0, closeAt), after.size() - notClosed.size(), notClosed.size(),
                        poolThreads(prefix).size(), db.sessions()));

                Bounds.noThreadStuck(stuck);
                assertTrue(closeTook <= DRAIN.plus(FaultDb.VALIDATION_TIMEOUT).plus(Bounds.SLACK).toNanos(),
                        () -> "close() took " + Figures.ms(closeTook));
                assertTrue(after.size() > notClosed.size(), "no borrower was told the pool is closed");
                assertEquals(List.of(), notClosed, "in-flight work failed instead of finishing");
                assertTrue(threadsGone, () -> "pool threads left: " + poolThreads(prefix));
                int sessionsLeft = db.sessions();
                assertTrue(sessionsGone, () -> "server sessions left: " + sessionsLeft);
                assertEquals(0, db.uncommittedRowsVisible(run), "a row never committed is visible");
            } finally {
                ds.close();
                db.cleanUp(run);
            }
        }
    }

    private static List<String> poolThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(prefix)).collect(Collectors.toList());
    }
}
