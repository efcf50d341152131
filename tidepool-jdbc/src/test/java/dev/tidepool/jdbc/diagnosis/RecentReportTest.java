package dev.tidepool.jdbc.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tidepool.core.PoolStats;
import dev.tidepool.jdbc.Diagnosis;
import dev.tidepool.jdbc.internal.diagnosis.RecentReport;
import java.time.Duration;
import java.util.List;
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
}
