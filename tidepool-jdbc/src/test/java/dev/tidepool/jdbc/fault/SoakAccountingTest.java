package dev.tidepool.jdbc.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The soak program's logic without a database: its fault schedule, failure accounting, heap trend and recovery. */
class SoakAccountingTest {
    private static final long S = TimeUnit.SECONDS.toNanos(1);
    private static final long GRACE = 5 * S;

    @Test
    void aSeededScheduleIsTheSameEveryTimeAndAnotherSeedGivesAnother() {
        Duration run = Duration.ofMinutes(30);
        List<FaultSchedule.Planned> plan = FaultSchedule.plan(42, run);
        assertEquals(plan, FaultSchedule.plan(42, run));
        assertNotEquals(plan, FaultSchedule.plan(43, run));
    }

    @Test
    void theScheduleStartsAfterTheWarmUpEndsBeforeTheQuietEndAndRestartsOncePerTenMinutes() {
        for (Duration run : List.of(Duration.ofMinutes(2), Duration.ofMinutes(30))) {
            List<FaultSchedule.Planned> plan = FaultSchedule.plan(7, run);
            assertEquals(FaultSchedule.WARM_UP, plan.get(0).at());
            FaultSchedule.Planned last = plan.get(plan.size() - 1);
            assertTrue(last.at().compareTo(run.minus(FaultSchedule.QUIET_END)) < 0, () -> "last fault at " + last.at());
            for (int i = 1; i < plan.size(); i++) {
                FaultSchedule.Planned before = plan.get(i - 1);
                long gap = plan.get(i).at().minus(before.at()).minus(before.length()).toMillis();
                assertTrue(gap >= 8000 && gap < 14000, "gap " + gap + " ms after " + before);
            }
            long restarts = plan.stream().filter(p -> p.kind() == SoakFault.RESTART).count();
            assertEquals(Math.max(1, run.toMinutes() / 10), restarts, () -> run + ": " + plan);
            for (SoakFault k : List.of(SoakFault.KILL, SoakFault.RESET, SoakFault.BLACKHOLE, SoakFault.IDLE)) {
                assertTrue(run.toMinutes() < 10 || plan.stream().anyMatch(p -> p.kind() == k), () -> k + " never drawn: " + plan);
            }
        }
    }

    @Test
    void aFailureUnderWayDuringAWindowOrItsGraceIsChargedToItAndOneAfterIsReported() {
        FailureAccounting ledger = new FailureAccounting(GRACE);
        FailureAccounting.Window kill = ledger.faultStarted(SoakFault.KILL, 10 * S);
        ledger.faultEnded(kill, 10 * S + 1);
        FailureAccounting.Window blackhole = ledger.faultStarted(SoakFault.BLACKHOLE, 30 * S);
        ledger.record(failure(9 * S, 10 * S + 50, "execute")); // started before the kill, failed by it
        ledger.record(failure(14 * S, 16 * S, "execute")); // started within the grace
        ledger.record(failure(31 * S, 33 * S, "getConnection")); // during a blackhole still under way
        ledger.faultEnded(blackhole, 34 * S);
        ledger.record(failure(16 * S, 16 * S + 10, "execute")); // 6 s after the kill: nothing to blame
        ledger.record(failure(5 * S, 9 * S, "execute")); // ended before the kill began

        assertEquals(Map.of(SoakFault.KILL, 2, SoakFault.RESET, 0, SoakFault.BLACKHOLE, 1, SoakFault.IDLE, 0,
                SoakFault.RESTART, 0), ledger.perKind());
        assertEquals(2, ledger.unexplainedCount());
        assertEquals(List.of(16 * S, 5 * S), ledger.unexplained().stream().map(FailureAccounting.Failure::start).toList());
        assertEquals(16 * S, kill.lastFailureEnd());
        assertEquals(5, ledger.total());
    }

    @Test
    void onlyAFailedBorrowIsChargedToAStarvationBurst() {
        FailureAccounting ledger = new FailureAccounting(GRACE);
        long[] burst = ledger.starvationStarted(100 * S);
        ledger.record(failure(99 * S, 101 * S, "getConnection")); // timed out while the pool was held dry
        ledger.record(failure(100 * S, 101 * S, "execute")); // a broken connection: starvation is no excuse
        ledger.starvationEnded(burst, 102 * S);
        ledger.record(failure(108 * S, 110 * S, "getConnection")); // 6 s after the burst

        assertEquals(1, ledger.starved());
        assertEquals(1, ledger.starvationBursts());
        assertEquals(List.of("execute", "getConnection"), ledger.unexplained().stream().map(FailureAccounting.Failure::call).toList());
    }

    @Test
    void theHeapSlopeIsTheLeastSquaresGrowthPerHour() {
        long mib = 1024 * 1024;
        // 1 MiB per minute with alternating +-0.5 MiB noise: 60 MiB/h
        List<HeapTrend.Sample> samples = new java.util.ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            samples.add(new HeapTrend.Sample(i * 60 * S, 100 * mib + i * mib + (i % 2 == 0 ? mib / 2 : -mib / 2)));
        }
        assertEquals(60, HeapTrend.slopeMibPerHour(samples), 3);
        List<HeapTrend.Sample> flat = List.of(new HeapTrend.Sample(0, 5 * mib), new HeapTrend.Sample(60 * S, 5 * mib));
        assertEquals(0, HeapTrend.slopeMibPerHour(flat), 1e-9);
        assertEquals(2, SoakProgramTest.heapBoundMib(2 / 60.0), 1e-9);
        assertEquals(2.5, SoakProgramTest.heapBoundMib(0.5), 1e-9);
    }

    @Test
    void durationsParseInTheShortFormsAndIso() {
        assertEquals(Duration.ofMinutes(2), SoakProgramTest.parse("2m"));
        assertEquals(Duration.ofSeconds(90), SoakProgramTest.parse("90s"));
        assertEquals(Duration.ofHours(1), SoakProgramTest.parse("1h"));
        assertEquals(Duration.ofMinutes(30), SoakProgramTest.parse("PT30M"));
    }

    private static FailureAccounting.Failure failure(long start, long end, String call) {
        return new FailureAccounting.Failure(start, end, "short", call.equals("getConnection") ? null : "c1", call, "boom");
    }
}
