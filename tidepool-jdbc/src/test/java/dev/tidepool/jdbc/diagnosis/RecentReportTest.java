package dev.tidepool.jdbc.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.core.PoolStats;
import dev.tidepool.jdbc.Diagnosis;
import dev.tidepool.jdbc.internal.diagnosis.RecentReport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Waiters that time out together share one report (one stack per holder, not one per waiter). Issue 5. */
class RecentReportTest {

    private static Diagnosis report(String headline, PoolStats stats) {
        return new Diagnosis("p", Diagnosis.Kind.HELD_LONG, stats, List.of(), 0, "fix it", null,
                headline + "\n  1 of 1 held for 3 s\n  Verdict: fix it");
    }

    @Test
    void waitersWithinASecondReuseTheReportUnderTheirOwnHeadline() {
        AtomicLong now = new AtomicLong();
        AtomicInteger builds = new AtomicInteger();
        RecentReport recent = new RecentReport(Duration.ofSeconds(1), now::get);
        Object pool = new Object();
        PoolStats first = new PoolStats(1, 1, 0, 3, 0, 1, 0, 0, 1, null);
        PoolStats second = new PoolStats(1, 1, 0, 2, 0, 1, 0, 0, 2, null);

        Diagnosis a = recent.get(pool, "p - first", first, () -> {
            builds.incrementAndGet();
            return report("p - first", first);
        });
        now.addAndGet(Duration.ofMillis(999).toNanos());
        Diagnosis b = recent.get(pool, "p - second", second, () -> {
            builds.incrementAndGet();
            return report("p - second", second);
        });
        assertEquals(1, builds.get());
        assertEquals("p - first\n  1 of 1 held for 3 s\n  Verdict: fix it", a.toString());
        assertEquals("p - second\n  1 of 1 held for 3 s\n  Verdict: fix it", b.toString());
        assertSame(second, b.stats());

        now.addAndGet(Duration.ofMillis(1).toNanos());
        recent.get(pool, "p - third", second, () -> {
            builds.incrementAndGet();
            return report("p - third", second);
        });
        assertEquals(2, builds.get(), "a report a second old is rebuilt");
        recent.get(new Object(), "q - first", second, () -> {
            builds.incrementAndGet();
            return report("q - first", second);
        });
        assertEquals(3, builds.get(), "another sub-pool gets its own report");
    }

    /**
     * A waiter never waits long behind another waiter's slow build: within the bound it gets the
     * last report (saying how old its holders are) or, with none, nothing (the caller sends the counts).
     */
    @Test
    void aWaiterBehindASlowBuildGetsTheLastReportOrNothingWithinTheBound() throws Exception {
        AtomicLong now = new AtomicLong();
        RecentReport recent = new RecentReport(Duration.ofSeconds(1), now::get, Duration.ofMillis(50));
        Object pool = new Object();
        PoolStats stats = new PoolStats(1, 1, 0, 3, 0, 1, 0, 0, 1, null);
        CountDownLatch building = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Diagnosis> slow = CompletableFuture.supplyAsync(() -> recent.get(pool, "p - slow", stats, () -> {
            building.countDown();
            await(release);
            return report("p - slow", stats);
        }));
        try {
            assertTrue(building.await(10, TimeUnit.SECONDS), "the first build did not start");
            long t = System.nanoTime();
            assertNull(recent.get(pool, "p - waiter", stats, () -> report("p - built twice", stats)),
                    "no report yet: the caller sends the counts");
            long took = System.nanoTime() - t;
            assertTrue(took < TimeUnit.MILLISECONDS.toNanos(1000), () -> "waited " + took / 1_000_000 + " ms behind a build");
        } finally {
            release.countDown();
        }
        assertEquals("p - slow", slow.get(10, TimeUnit.SECONDS).text().lines().findFirst().orElseThrow());

        now.addAndGet(Duration.ofSeconds(2).toNanos()); // the report is now too old to share
        CountDownLatch building2 = new CountDownLatch(1);
        CountDownLatch release2 = new CountDownLatch(1);
        CompletableFuture<Diagnosis> slow2 = CompletableFuture.supplyAsync(() -> recent.get(pool, "p - slow 2", stats, () -> {
            building2.countDown();
            await(release2);
            return report("p - slow 2", stats);
        }));
        try {
            assertTrue(building2.await(10, TimeUnit.SECONDS), "the second build did not start");
            Diagnosis old = recent.get(pool, "p - waiter 2", stats, () -> report("p - built twice", stats));
            assertEquals("p - waiter 2 (holders as of 2000 ms ago: a newer report is still being built)\n"
                    + "  1 of 1 held for 3 s\n  Verdict: fix it", old.text());
            assertNull(recent.get(new Object(), "q - waiter", stats, () -> report("q - built", stats)),
                    "another sub-pool's report is no fallback");
        } finally {
            release2.countDown();
        }
        slow2.get(10, TimeUnit.SECONDS);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("not released within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
