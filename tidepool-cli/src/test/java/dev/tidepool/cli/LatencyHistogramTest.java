package dev.tidepool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void emptyHistogramReportsZero() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(0, h.valueAtPercentile(99));
        assertEquals(0, h.max());
    }

    @Test
    void percentilesAreWithinThreePercentAndNeverAboveMax() {
        LatencyHistogram h = new LatencyHistogram();
        for (long v = 1; v <= 100_000; v++) {
            h.record(v * 1000); // 1 us .. 100 ms
        }
        assertWithin(50_000_000L, h.valueAtPercentile(50));
        assertWithin(99_000_000L, h.valueAtPercentile(99));
        assertEquals(100_000_000L, h.max());
        assertEquals(100_000_000L, h.valueAtPercentile(100));
    }

    @Test
    void addMergesCountsAndMax() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(10);
        b.record(5_000);
        a.add(b);
        assertEquals(2, a.count());
        assertEquals(5_000, a.max());
        assertEquals(10, a.valueAtPercentile(50));
    }

    @Test
    void everyValueFallsInABucketWhoseUpperEdgeHoldsIt() {
        long[] values = {0, 1, 31, 32, 33, 63, 64, 65, 1_000, 1_000_000, 123_456_789, Long.MAX_VALUE};
        for (long v : values) {
            int i = LatencyHistogram.index(v);
            assertTrue(LatencyHistogram.upperEdge(i) >= v, "value " + v);
            assertTrue(i == 0 || LatencyHistogram.upperEdge(i - 1) < v, "value " + v);
        }
    }

    private static void assertWithin(long expected, long actual) {
        assertTrue(actual >= expected && actual <= expected * 1.04, "expected ~" + expected + " but was " + actual);
    }
}
