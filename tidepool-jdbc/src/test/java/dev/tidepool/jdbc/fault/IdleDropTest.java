package dev.tidepool.jdbc.fault;

import dev.tidepool.testkit.Poll;
import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.FaultProxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4, item 4: a firewall forgets flows idle longer than its limit. With keepalive on, after
 * the pool sits idle longer than that limit, the next burst of work has zero failures: either the
 * keepalive keeps the flows alive (keepalive shorter than the limit), or validation finds the
 * forgotten ones, under a network timeout, before they are lent (keepalive longer than the limit).
 */
@Tag("fault")
class IdleDropTest {
    private static final int SIZE = 4;

    static List<String> databases() {
        return FaultDb.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void keepaliveShorterThanTheFirewallLimitKeepsFlowsAliveAndTheBurstHasNoFailure(String database) throws Exception {
        idleThenBurst(database, Duration.ofSeconds(3), Duration.ofSeconds(1), "keepalive 1 s < firewall 3 s");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void keepaliveLongerThanTheFirewallLimitFindsForgottenFlowsAndTheBurstHasNoFailure(String database) throws Exception {
        idleThenBurst(database, Duration.ofSeconds(1), Duration.ofSeconds(3), "keepalive 3 s > firewall 1 s");
    }

    private static void idleThenBurst(String database, Duration firewall, Duration keepalive, String label) throws Exception {
        try (FaultDb db = FaultDb.open(database, "idle");
                FaultProxy proxy = FaultProxy.start(db.target.host(), db.target.port())) {
            proxy.dropIdleFlowsAfter(firewall);
            String run = db.tag;
            try (TidepoolDataSource ds = new TidepoolDataSource(db.poolVia(proxy.port()).maxSize(SIZE).minIdle(SIZE)
                    .keepaliveInterval(keepalive).maxLifetime(Duration.ofSeconds(60)).build())) {
                assertTrue(Poll.within(Duration.ofSeconds(10), () -> ds.stats().idle() == SIZE), () -> "pool not full: " + ds.stats());
                // The pool sits idle longer than the firewall's limit: the scenario, not synchronisation.
                long idleFor = firewall.plus(keepalive).plusSeconds(2).toNanos();
                LockSupport.parkNanos(idleFor);
                int droppedWhileIdle = proxy.droppedFlows();

                Load burst = new Load(ds, run, 2 * SIZE, Duration.ofMillis(2), Duration.ofSeconds(30)).start();
                Bounds.runUntil(burst, Bounds.seconds(2));
                List<String> stuck = burst.stop(Bounds.STOP);
                Figures.report("idle drop (" + label + ")", db, String.format("idle %d s, flows forgotten=%d,"
                                + " burst ops=%d, failed ops=%d, longest call=%s",
                        TimeUnit.NANOSECONDS.toSeconds(idleFor), droppedWhileIdle, burst.okTotal(), burst.failures().size(),
                        burst.longestCall()));

                Bounds.noThreadStuck(stuck);
                assertEquals(List.of(), burst.failures(), "the first burst after the idle period had failures");
                assertTrue(burst.okTotal() > 0, "the burst did nothing");
                Bounds.noCallLongerThanBound(burst);
                if (keepalive.compareTo(firewall) < 0) {
                    assertEquals(0, droppedWhileIdle, "keepalive did not keep the flows alive");
                }
            } finally {
                proxy.closeForgottenFlows();
                db.cleanUp(run);
            }
        }
    }
}
