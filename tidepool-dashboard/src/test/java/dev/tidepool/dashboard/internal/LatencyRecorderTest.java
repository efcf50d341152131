package dev.tidepool.dashboard.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyRecorderTest {

    @Test
    void percentilesAreWithinTheBucketPrecisionOfTheValuesRecorded() {
        LatencyRecorder r = new LatencyRecorder();
        LatencyRecorder.Interval interval = new LatencyRecorder.Interval(r);
        for (int i = 1; i <= 100; i++) {
            r.record(i * 1_000_000L); // 1 ms .. 100 ms
        }
        LatencyRecorder.Counts c = interval.next();
        assertEquals(100, c.count());
        assertWithin(50, c.percentileMillis(50));
        assertWithin(99, c.percentileMillis(99));
        assertWithin(100, c.percentileMillis(100));
    }

    @Test
    void eachIntervalHoldsOnlyWhatWasRecordedSinceThePreviousOne() {
        LatencyRecorder r = new LatencyRecorder();
        LatencyRecorder.Interval interval = new LatencyRecorder.Interval(r);
        r.record(5_000_000L);
        interval.next();
        LatencyRecorder.Counts empty = interval.next();
        assertEquals(0, empty.count());
        assertTrue(Double.isNaN(empty.percentileMillis(50)), "no data is NaN, a gap in the chart");
        r.record(200_000_000L);
        assertWithin(200, interval.next().percentileMillis(50));
    }

    @Test
    void everyValueFallsInABucketWhoseMiddleIsWithinOneEighthOfIt() {
        for (long v : new long[]{0, 1, 7, 8, 9, 15, 16, 1_000, 123_456_789L, Long.MAX_VALUE / 2}) {
            double mid = LatencyRecorder.midpoint(LatencyRecorder.index(v));
            assertTrue(Math.abs(mid - v) <= Math.max(1, v / 8.0), v + " -> " + mid);
        }
        assertEquals(0, LatencyRecorder.index(-5), "negative waits (clock quirks) count as 0");
    }

    private static void assertWithin(double expectedMillis, double actualMillis) {
        assertTrue(Math.abs(actualMillis - expectedMillis) <= expectedMillis / 8.0,
                "expected ~" + expectedMillis + " ms, got " + actualMillis);
    }
}
