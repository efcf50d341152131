package dev.tidepool.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class PoolBorrowingTest {
    private final TestFactory factory = new TestFactory();
    private final List<Pool<?>> pools = new ArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();

    private Pool<TestFactory.Res> pool(int max, int minIdle, String name) {
        Pool<TestFactory.Res> p = Pool.builder(factory).name(name).maxSize(max).minIdle(minIdle)
                .acquireTimeout(Duration.ofSeconds(5)).build();
        pools.add(p);
        return p;
    }

    @AfterEach
    void closeAll() throws InterruptedException {
        pools.forEach(Pool::close);
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void fillsToMinIdleOnItsOwnThreads() {
        Pool<TestFactory.Res> p = pool(5, 3, "fill");
        Await.until("3 idle", () -> p.stats().idle() == 3);
        assertEquals(3, p.stats().total());
        assertTrue(factory.creatorThreads.stream().allMatch(n -> n.startsWith("fill-worker-")),
                "created off the caller's thread: " + factory.creatorThreads);
    }

    @Test
    void neverOpensMoreThanMaxSizeUnderContention() throws Exception {
        Pool<TestFactory.Res> p = pool(4, 0, "bounded");
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            results.add(executor.submit(() -> {
                start.await();
                int done = 0;
                for (int i = 0; i < 2_000; i++) {
                    try (Lease<TestFactory.Res> lease = p.acquire()) {
                        assertFalse(lease.get().destroyed);
                        done++;
                    }
                }
                return done;
            }));
        }
        start.countDown();
        for (Future<Integer> f : results) {
            assertEquals(2_000, f.get(60, TimeUnit.SECONDS));
        }
        assertTrue(factory.maxLive.get() <= 4, "max live " + factory.maxLive.get());
        PoolStats stats = p.stats();
        assertEquals(0, stats.active());
        assertEquals(0, stats.waiting());
    }

    @Test
    void aWaiterWithinTheGraceCompetesAndIsWokenByAReturn() throws Exception {
        Pool<TestFactory.Res> p = pool(1, 1, "grace");
        Lease<TestFactory.Res> held = p.acquire();
        Future<TestFactory.Res> waiter = executor.submit(() -> {
            try (Lease<TestFactory.Res> lease = p.acquire(Duration.ofSeconds(10))) {
                return lease.get();
            }
        });
        Await.until("waiter queued", () -> p.stats().waiting() == 1);
        TestFactory.Res res = held.get();
        held.close();
        assertSame(res, waiter.get(10, TimeUnit.SECONDS), "young or old, a waiter is never left behind");
        assertEquals(0, p.stats().waiting());
    }

    @Test
    void acquireTimesOutWithTheCountsAndTheLastCreateFailure() throws Exception {
        Pool<TestFactory.Res> p = pool(1, 1, "orders-db");
        Await.until("filled", () -> p.stats().idle() == 1);
        Lease<TestFactory.Res> held = p.acquire();
        long start = System.nanoTime();
        PoolTimeoutException e = assertThrows(PoolTimeoutException.class, () -> p.acquire(Duration.ofMillis(100)));
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(100).toNanos());
        assertTrue(e.getMessage().startsWith("orders-db - no resource available within 100 ms (total=1, active=1, idle=0, waiting=1, creating=0)"),
                e.getMessage());
        assertEquals(1, p.stats().timeouts());
        held.close();
    }

    @Test
    void timeoutCarriesTheCreationFailureAsCause() {
        factory.createFailure = new java.io.IOException("connection refused");
        Pool<TestFactory.Res> p = pool(2, 0, "failing");
        PoolTimeoutException e = assertThrows(PoolTimeoutException.class, () -> p.acquire(Duration.ofMillis(300)));
        assertNotNull(e.getCause());
        assertEquals("connection refused", e.getCause().getMessage());
    }

    @Test
    void recoversOnceCreationWorksAgainAndBacksOffMeanwhile() throws Exception {
        factory.createFailure = new java.io.IOException("refused");
        Pool<TestFactory.Res> p = pool(2, 1, "recovering");
        Await.until("a few attempts", () -> factory.createAttempts.get() >= 3);
        assertThrows(PoolTimeoutException.class, () -> p.acquire(Duration.ofMillis(200)));
        // Back-off: attempts are spaced (25 ms doubling up to 1 s), not a tight loop.
        assertTrue(factory.createAttempts.get() < 40, "attempts " + factory.createAttempts.get());
        factory.createFailure = null;
        try (Lease<TestFactory.Res> lease = p.acquire(Duration.ofSeconds(5))) {
            assertNotNull(lease.get());
        }
    }

    @Test
    void aWaiterTakesWhicheverResourceFreesFirst() throws Exception {
        factory.createGate = new CountDownLatch(1); // creation hangs until the gate opens
        Pool<TestFactory.Res> p = pool(2, 0, "whichever");
        factory.createGate.countDown();
        Lease<TestFactory.Res> first = p.acquire();
        factory.createGate = new CountDownLatch(1); // the next creation hangs
        Future<TestFactory.Res> waiter = executor.submit(() -> {
            try (Lease<TestFactory.Res> lease = p.acquire()) {
                return lease.get();
            }
        });
        Await.until("waiting while a creation hangs", () -> p.stats().waiting() == 1 && p.stats().creating() == 1);
        TestFactory.Res returned = first.get();
        first.close();
        assertSame(returned, waiter.get(10, TimeUnit.SECONDS), "served by the return, not the slow creation");
        factory.createGate.countDown();
    }

    @Test
    void brokenResourcesAreDestroyedOnReturnNotReused() throws Exception {
        Pool<TestFactory.Res> p = pool(1, 1, "broken");
        TestFactory.Res first;
        try (Lease<TestFactory.Res> lease = p.acquire()) {
            first = lease.get();
            first.broken = true;
        }
        Await.until("destroyed", () -> first.destroyed);
        try (Lease<TestFactory.Res> lease = p.acquire()) {
            assertNotSame(first, lease.get());
        }
    }

    @Test
    void aFailedResetDestroysTheResource() throws Exception {
        Pool<TestFactory.Res> p = pool(1, 1, "resetfail");
        factory.failReset = true;
        TestFactory.Res first;
        try (Lease<TestFactory.Res> lease = p.acquire()) {
            first = lease.get();
        }
        Await.until("destroyed", () -> first.destroyed);
        factory.failReset = false;
        try (Lease<TestFactory.Res> lease = p.acquire()) {
            assertNotSame(first, lease.get());
        }
    }

    @Test
    void invalidateDestroysAndTheCapacityComesBack() throws Exception {
        Pool<TestFactory.Res> p = pool(1, 1, "invalidate");
        Lease<TestFactory.Res> lease = p.acquire();
        TestFactory.Res res = lease.get();
        lease.invalidate();
        lease.invalidate(); // second call is a no-op
        Await.until("destroyed", () -> res.destroyed);
        try (Lease<TestFactory.Res> again = p.acquire()) {
            assertNotSame(res, again.get());
        }
    }

    @Test
    void aClosedLeaseSaysSoAndClosingTwiceIsANoOp() throws Exception {
        Pool<TestFactory.Res> p = pool(1, 1, "lease");
        Lease<TestFactory.Res> lease = p.acquire();
        lease.close();
        lease.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, lease::get);
        assertTrue(e.getMessage().contains("already closed"));
        assertEquals(0, p.stats().active());
    }

    @Test
    void acquireRejectsANonPositiveTimeout() {
        Pool<TestFactory.Res> p = pool(1, 0, "zero");
        assertThrows(IllegalArgumentException.class, () -> p.acquire(Duration.ZERO));
    }

    @Test
    void creationsNobodyNeedsAnyMoreAreDropped() throws Exception {
        factory.createGate = new CountDownLatch(1);
        Pool<TestFactory.Res> p = pool(10, 0, "dropped");
        List<Future<?>> waiters = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            waiters.add(executor.submit(() -> assertThrows(PoolTimeoutException.class,
                    () -> p.acquire(Duration.ofMillis(100)))));
        }
        for (Future<?> f : waiters) {
            f.get(10, TimeUnit.SECONDS);
        }
        factory.createGate.countDown();
        Await.until("creations finished", () -> p.stats().creating() == 0);
        // Only the creations already under way (at most two at once) may complete.
        assertTrue(factory.created.get() <= 2, "created " + factory.created.get());
    }

    @Test
    void interruptedWaiterLeavesWithInterruptedException() throws Exception {
        Pool<TestFactory.Res> p = pool(1, 1, "interrupt");
        Lease<TestFactory.Res> held = p.acquire();
        AtomicInteger outcome = new AtomicInteger();
        Thread t = new Thread(() -> {
            try {
                p.acquire(Duration.ofSeconds(30));
                outcome.set(1);
            } catch (InterruptedException e) {
                outcome.set(2);
            }
        });
        t.start();
        Await.until("queued", () -> p.stats().waiting() == 1);
        t.interrupt();
        t.join(10_000);
        assertEquals(2, outcome.get());
        assertEquals(0, p.stats().waiting());
        held.close();
        assertEquals(1, p.stats().idle());
    }

    @Test
    void neverLendsOneResourceToTwoHoldersEvenWithTimeoutsRacingReturns() throws Exception {
        Pool<TestFactory.Res> p = pool(2, 2, "exclusive");
        java.util.Set<TestFactory.Res> inUse = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicInteger served = new AtomicInteger();
        AtomicInteger timedOut = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            int seed = t;
            futures.add(executor.submit(() -> {
                java.util.Random random = new java.util.Random(seed);
                start.await();
                for (int i = 0; i < 1_500; i++) {
                    try (Lease<TestFactory.Res> lease = p.acquire(Duration.ofNanos(1 + random.nextInt(300_000)))) {
                        assertTrue(inUse.add(lease.get()), "lent twice: " + lease.get());
                        served.incrementAndGet();
                        inUse.remove(lease.get());
                    } catch (PoolTimeoutException e) {
                        timedOut.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertEquals(12 * 1_500, served.get() + timedOut.get());
        assertTrue(served.get() > 0);
        PoolStats stats = p.stats();
        assertEquals(0, stats.waiting(), "no waiter left behind");
        assertEquals(0, stats.active());
        assertEquals(2, stats.idle(), "nothing lost: " + stats);
    }
}
