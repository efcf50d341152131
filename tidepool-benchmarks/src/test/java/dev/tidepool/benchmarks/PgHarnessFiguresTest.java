package dev.tidepool.benchmarks;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The derived figures of PgHarness's report, without a database. */
class PgHarnessFiguresTest {

    private static PgHarness.Sample sample(long... opsPerWorker) {
        Histogram empty = PgHarness.histogram();
        return new PgHarness.Sample(1, empty, empty, empty, opsPerWorker, Double.NaN, 0);
    }

    @Test
    void workerSpreadIsTheSlowestAndBusiestWorkerInPercentOfTheMean() {
        assertArrayEquals(new double[] {50, 150}, sample(50, 100, 150).workerSpreadPercent(), 1e-9);
        assertArrayEquals(new double[] {100, 100}, sample(7, 7, 7, 7).workerSpreadPercent(), 1e-9);
        assertArrayEquals(new double[] {0, 0}, sample(0, 0).workerSpreadPercent(), 1e-9);
    }

    @Test
    void floorIsWorkersWithoutAConnectionOverTheRoundsMeanThroughput() {
        PgHarness.Options options = new PgHarness.Options(null, 32, 10, 0, 1, 2, List.of(),
                List.of(PgHarness.Workload.values()), false, false);
        PgHarness harness = new PgHarness(options, System.out);
        // 22 workers wait; rounds of 2,000 and 6,000 ops/s weigh as 4,000: 5.5 ms.
        assertEquals(5500, harness.waitFloorMicros(List.of(2000.0, 6000.0)), 1e-6);
    }

    @Test
    void workloadsParseByNameAndRejectUnknownOnesNamingTheOption() {
        assertEquals(List.of(PgHarness.Workload.TX), PgHarness.Workload.parse("tx"));
        assertEquals(List.of(PgHarness.Workload.values()), PgHarness.Workload.parse("all"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PgHarness.Workload.parse("SELECT1,UPSERT"));
        assertTrue(e.getMessage().contains("--workloads") && e.getMessage().contains("UPSERT"), e.getMessage());
    }

    @Test
    void contextSwitchesGrowOnLinux() throws InterruptedException {
        long before = ContextSwitches.machineTotal();
        if (before < 0) {
            return; // not Linux: the report shows "—" there
        }
        Thread t = new Thread(() -> { });
        t.start();
        t.join(10_000); // bounded: the thread does nothing
        assertFalse(t.isAlive());
        assertTrue(ContextSwitches.machineTotal() > before, "a thread started and ended without a context switch");
    }
}
