package dev.tidepool.micrometer.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/** The striped accumulator behind the wait and use times: exact under concurrency, and its windowed maximum. */
class TimeAccumulatorTest {

    @Test
    void manyThreadsRecordingAtOnceGiveTheExactCountSumAndMax() throws Exception {
        int threads = 16;
        int records = 100_000;
        TimeAccumulator acc = new TimeAccumulator(2, System::nanoTime); // 8 stripes: threads share them
        assertTrue(acc.stripes() < threads, "some threads must share a stripe: " + acc.stripes());
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                for (int i = 1; i <= records; i++) {
                    acc.record(i % 3 == 0 ? 0 : i + id); // a third are borrows served at once
                }
            });
            workers.add(w);
            w.start();
        }
        start.countDown();
        for (Thread w : workers) {
            w.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(w.isAlive(), "a recorder did not finish");
        }
        long sum = 0;
        for (int id = 0; id < threads; id++) {
            for (int i = 1; i <= records; i++) {
                sum += i % 3 == 0 ? 0 : i + id;
            }
        }
        assertEquals((long) threads * records, acc.count());
        assertEquals(sum, acc.totalNanos());
        long max = 0;
        for (int i = 1; i <= records; i++) {
            if (i % 3 != 0) {
                max = Math.max(max, i + threads - 1);
            }
        }
        assertEquals(max, acc.maxNanos());
    }

    @Test
    void aSampledTimeAddsItsWeightToTheTotalButOnlyItselfToTheMaximumAndCountsNothing() {
        TimeAccumulator acc = new TimeAccumulator(1, () -> 0);
        acc.add(10, 16); // a sample standing for 16 uses: the count is the pool's
        acc.add(3, 1);
        acc.add(-4, 2);
        assertEquals(0, acc.count());
        assertEquals(163, acc.totalNanos());
        assertEquals(10, acc.maxNanos(), "the longest single time, not the weighted one");
    }

    @Test
    void aBorrowServedAtOnceCountsWithNothingAddedAndANegativeTimeCountsAsZero() {
        TimeAccumulator acc = new TimeAccumulator(1, () -> 0);
        acc.record(0);
        acc.record(-5);
        assertEquals(2, acc.count());
        assertEquals(0, acc.totalNanos());
        assertEquals(0, acc.maxNanos());
        acc.record(7);
        assertEquals(3, acc.count());
        assertEquals(7, acc.totalNanos());
        assertEquals(7, acc.maxNanos());
    }

    @Test
    void theMaximumCoversTheLastTwoToThreeSlotsAsMicrometersTimeWindowMax() {
        AtomicLong now = new AtomicLong(1_000);
        TimeAccumulator acc = new TimeAccumulator(1, now::get);
        long slot = TimeAccumulator.SLOT_NANOS;
        acc.record(500);
        assertEquals(500, acc.maxNanos());
        now.addAndGet(slot); // one slot later (a scrape reads it, as scrapes do every few seconds): still in the window
        assertEquals(500, acc.maxNanos());
        acc.record(100);
        now.addAndGet(slot);
        assertEquals(500, acc.maxNanos(), "two slots later: still in the window");
        now.addAndGet(slot);
        assertEquals(100, acc.maxNanos(), "three slots after the 500: out of the window, the 100 is left");
        now.addAndGet(slot);
        now.addAndGet(slot);
        assertEquals(0, acc.maxNanos(), "nothing recorded in the last three slots");
        assertEquals(2, acc.count(), "the count and total never decay");
        assertEquals(600, acc.totalNanos());
    }

    @Test
    void aMaximumNobodyReadsForLongerThanTheWindowCoversEverythingSinceThePreviousReadThenAgesOut() {
        AtomicLong now = new AtomicLong(0);
        TimeAccumulator acc = new TimeAccumulator(1, now::get);
        acc.record(900);
        now.addAndGet(10 * TimeAccumulator.SLOT_NANOS); // no read in between: the writers never look at the clock
        acc.record(40);
        assertEquals(900, acc.maxNanos(), "writers cannot tell the 900 from the 40: both are kept");
        now.addAndGet(TimeAccumulator.SLOT_NANOS);
        acc.record(30);
        assertEquals(30, acc.maxNanos(), "one slot later both are out of the window");
    }
}
