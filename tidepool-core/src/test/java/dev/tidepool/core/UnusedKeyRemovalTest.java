package dev.tidepool.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.core.internal.DefaultKeyedPool;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A keyed pool removes the sub-pool of a key that stayed unused (issue 4, item 7: every distinct
 * wrong password is a key of the JDBC layer's partitions, and must not stay forever), and a
 * borrower racing with the removal still gets its resource.
 */
class UnusedKeyRemovalTest {
    private static final Duration RETENTION_AND_MORE = Duration.ofSeconds(31);

    private final FakeClock clock = new FakeClock();
    private final Map<String, TestFactory> factories = new ConcurrentHashMap<>();
    private final AtomicInteger subPoolsCreated = new AtomicInteger();
    private volatile Exception createFailure;
    private DefaultKeyedPool<String, TestFactory.Res> pool;

    private DefaultKeyedPool<String, TestFactory.Res> pool(int maxPerKey, Duration acquireTimeout) {
        PoolSettings perKey = PoolSettings.builder().name("keys").maxSize(maxPerKey).minIdle(0)
                .idleTimeout(Duration.ofSeconds(1)).acquireTimeout(acquireTimeout).ticker(clock).build();
        pool = new DefaultKeyedPool<>(key -> {
            subPoolsCreated.incrementAndGet();
            TestFactory f = factories.computeIfAbsent(key, k -> new TestFactory());
            f.createFailure = createFailure;
            return f;
        }, perKey, 8, false, "resource");
        return pool;
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void aKeyUnusedForTheRetentionTimeIsRemovedAndItsCountersStayInTheTotals() throws Exception {
        DefaultKeyedPool<String, TestFactory.Res> p = pool(2, Duration.ofSeconds(5));
        p.acquire("a").close();
        assertEquals(1, p.keyCount());
        p.runMaintenance(clock.advance(Duration.ofSeconds(2))); // idle longer than idleTimeout: closed
        Await.until("the idle resource is closed", () -> p.stats().destroyed() == 1 && p.stats().total() == 0);
        p.runMaintenance(clock.advance(Duration.ofMillis(500))); // retention = idleTimeout (1 s): not yet
        assertEquals(1, p.keyCount(), "kept during the retention time");
        p.runMaintenance(clock.advance(RETENTION_AND_MORE));
        assertEquals(0, p.keyCount(), "removed after the retention time");
        PoolStats s = p.stats();
        assertEquals(1, s.created(), "counters of removed keys stay in the totals");
        assertEquals(1, s.destroyed());
        try (Lease<TestFactory.Res> again = p.acquire("a")) {
            assertNotNull(again.get(), "a removed key comes back on its next use");
        }
        assertEquals(2, subPoolsCreated.get());
    }

    @Test
    void aKeyInUseIsNeverRemoved() throws Exception {
        DefaultKeyedPool<String, TestFactory.Res> p = pool(2, Duration.ofSeconds(5));
        try (Lease<TestFactory.Res> held = p.acquire("a")) {
            for (int i = 0; i < 10; i++) {
                p.runMaintenance(clock.advance(RETENTION_AND_MORE));
            }
            assertEquals(1, p.keyCount());
            assertNotNull(held.get());
        }
    }

    @Test
    void keysThatNeverGotAResourceDoNotPileUp() throws Exception {
        createFailure = new IllegalStateException("bad credentials");
        DefaultKeyedPool<String, TestFactory.Res> p = pool(1, Duration.ofMillis(50));
        for (int i = 0; i < 50; i++) {
            String key = "wrong-password-" + i;
            assertThrows(PoolException.class, () -> p.acquire(key));
        }
        assertEquals(50, p.keyCount());
        Await.until("no creation under way", () -> p.stats().creating() == 0);
        p.runMaintenance(clock.advance(Duration.ofSeconds(1)));
        p.runMaintenance(clock.advance(RETENTION_AND_MORE));
        assertEquals(0, p.keyCount(), "every failed key is gone");
        // Every attempt failed, and each must still be counted. Not ">= 50", one per key: a borrower
        // gives up after 50 ms, and on a loaded machine its creation may not have started by then;
        // the creator then drops it (nobody waits any more), so that key had no attempt at all.
        int attempts = factories.values().stream().mapToInt(f -> f.createAttempts.get()).sum();
        assertTrue(attempts > 0, "no creation was ever attempted");
        assertEquals(attempts, p.stats().createFailures(), () -> "and its failures are still counted: " + p.stats());
    }

    /** Borrowers hammer two keys while every housekeeping pass tries to remove them. */
    @Test
    void aBorrowRacingWithTheRemovalOfItsKeyStillSucceeds() throws Exception {
        DefaultKeyedPool<String, TestFactory.Res> p = pool(2, Duration.ofSeconds(10));
        int threads = 4;
        int borrows = 3_000;
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            String key = t % 2 == 0 ? "k1" : "k2";
            new Thread(() -> {
                try {
                    for (int i = 0; i < borrows; i++) {
                        try (Lease<TestFactory.Res> l = p.acquire(key)) {
                            assertNotNull(l.get());
                        }
                        if (i % 50 == 0) {
                            Thread.yield(); // gives housekeeping a chance to see the key unused
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                } finally {
                    done.countDown();
                }
            }, "keyed-borrower-" + t).start();
        }
        while (!done.await(1, TimeUnit.MILLISECONDS)) {
            p.runMaintenance(clock.advance(RETENTION_AND_MORE)); // idle entries expire, unused keys go
        }
        if (!errors.isEmpty()) {
            throw new AssertionError(errors.size() + " borrowers failed, the first: " + errors.peek(), errors.peek());
        }
        PoolStats s = p.stats();
        assertEquals(0, s.active(), "every lease came back: " + s);
        assertTrue(p.totalOpen() <= 8, "the shared limit held: " + p.totalOpen());
        System.out.println("keyed race: " + subPoolsCreated.get() + " sub-pools created for 2 keys over "
                + threads * borrows + " borrows; " + s);
    }

}
