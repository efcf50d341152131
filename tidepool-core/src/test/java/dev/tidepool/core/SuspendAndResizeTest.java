package dev.tidepool.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** suspend()/resume() and the three settings that may change at runtime. */
class SuspendAndResizeTest {
    private final TestFactory factory = new TestFactory();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private Pool<TestFactory.Res> pool;

    @AfterEach
    void close() throws InterruptedException {
        if (pool != null) {
            pool.close();
        }
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
    }

    private Pool<TestFactory.Res> pool(int max, int minIdle, Duration timeout) {
        pool = Pool.builder(factory).name("tuned").maxSize(max).minIdle(minIdle).acquireTimeout(timeout).build();
        Await.until(minIdle + " idle", () -> pool.stats().idle() == minIdle);
        return pool;
    }

    @Test
    void aSuspendedPoolLendsNothingAndItsBorrowersTimeOutSayingSo() {
        Pool<TestFactory.Res> p = pool(2, 2, Duration.ofMillis(100));
        p.suspend();
        assertTrue(p.isSuspended());
        PoolTimeoutException t = assertThrows(PoolTimeoutException.class, p::acquire);
        assertTrue(t.getMessage().startsWith("tuned - no resource available within 100 ms: the pool is suspended"),
                t.getMessage());
        assertEquals(2, p.stats().idle(), "idle resources stay idle while suspended");
        assertEquals(1, p.stats().timeouts());
    }

    @Test
    void borrowersWaitingForTheResumeAreServedWhenItComes() throws Exception {
        Pool<TestFactory.Res> p = pool(1, 1, Duration.ofSeconds(10));
        p.suspend();
        Future<Integer> borrower = executor.submit(() -> {
            try (Lease<TestFactory.Res> lease = p.acquire()) {
                return lease.get().id;
            }
        });
        Await.until("the borrower waits for the resume", () -> p.stats().waiting() == 1);
        assertFalse(borrower.isDone());
        p.resume();
        assertEquals(1, borrower.get(5, TimeUnit.SECONDS));
        assertFalse(p.isSuspended());
    }

    @Test
    void borrowersAlreadyQueuedWhenTheSuspendComesWaitForTheResume() throws Exception {
        Pool<TestFactory.Res> p = pool(1, 1, Duration.ofSeconds(10));
        Lease<TestFactory.Res> held = p.acquire();
        Future<Integer> queued = executor.submit(() -> {
            try (Lease<TestFactory.Res> lease = p.acquire()) {
                return lease.get().id;
            }
        });
        Await.until("queued", () -> p.stats().waiting() == 1);
        p.suspend();
        held.close(); // a return while suspended goes idle: the queued borrower waits for the resume
        Await.until("idle again, the borrower waiting for the resume",
                () -> p.stats().idle() == 1 && p.stats().waiting() == 1);
        assertFalse(queued.isDone());
        p.resume();
        assertEquals(1, queued.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aSuspendedBorrowStillEndsAtItsAcquireTimeoutWhenQueuedBeforeTheSuspend() throws Exception {
        Pool<TestFactory.Res> p = pool(1, 1, Duration.ofMillis(400));
        Lease<TestFactory.Res> held = p.acquire();
        CompletableFuture<Long> queued = CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            assertThrows(PoolTimeoutException.class, p::acquire);
            return System.nanoTime() - start;
        }, executor);
        Await.until("queued", () -> p.stats().waiting() == 1);
        p.suspend();
        long took = queued.get(5, TimeUnit.SECONDS);
        held.close();
        assertTrue(took < Duration.ofMillis(400).toNanos() * 2, "bounded by its one acquire timeout: " + took);
    }

    @Test
    void closingASuspendedPoolFailsItsWaitersAtOnce() throws Exception {
        Pool<TestFactory.Res> p = pool(1, 1, Duration.ofSeconds(30));
        p.suspend();
        Future<?> borrower = executor.submit(() -> p.acquire());
        Await.until("waiting", () -> p.stats().waiting() == 1);
        p.close();
        var failure = assertThrows(java.util.concurrent.ExecutionException.class, () -> borrower.get(5, TimeUnit.SECONDS));
        assertInstanceOf(PoolClosedException.class, failure.getCause());
    }

    @Test
    void raisingMaxSizeServesWaitersAtOnce() throws Exception {
        Pool<TestFactory.Res> p = pool(1, 0, Duration.ofSeconds(10));
        Lease<TestFactory.Res> held = p.acquire();
        Future<Integer> waiter = executor.submit(() -> {
            try (Lease<TestFactory.Res> lease = p.acquire()) {
                return lease.get().id;
            }
        });
        Await.until("waiting", () -> p.stats().waiting() == 1);
        p.setMaxSize(2);
        assertEquals(2, waiter.get(5, TimeUnit.SECONDS));
        assertEquals(2, p.settings().maxSize());
        held.close();
    }

    @Test
    void loweringMaxSizeClosesIdleNowAndBorrowedOnReturn() throws Exception {
        Pool<TestFactory.Res> p = pool(4, 0, Duration.ofSeconds(5));
        Lease<TestFactory.Res> a = p.acquire(), b = p.acquire(), c = p.acquire(), d = p.acquire();
        a.close();
        b.close();
        Await.until("2 idle", () -> p.stats().idle() == 2);
        p.setMaxSize(1);
        Await.until("idle ones closed", () -> p.stats().idle() == 0 && factory.live.get() == 2);
        c.close();
        Await.until("one returned and closed", () -> factory.live.get() == 1);
        int kept = d.get().id;
        d.close();
        assertEquals(1, p.stats().total(), "kept the one the new limit allows");
        try (Lease<TestFactory.Res> again = p.acquire()) {
            assertEquals(kept, again.get().id);
            assertThrows(PoolTimeoutException.class, () -> p.acquire(Duration.ofMillis(20)));
        }
        assertEquals(1, factory.live.get(), "no more open than the new limit");
    }

    @Test
    void raisingMinIdleFillsAndRuntimeChangesAreValidatedLikeTheBuilder() {
        Pool<TestFactory.Res> p = pool(4, 0, Duration.ofSeconds(5));
        p.setMinIdle(3);
        Await.until("3 idle", () -> p.stats().idle() == 3);
        assertEquals(3, p.settings().minIdle());
        IllegalArgumentException tooLow = assertThrows(IllegalArgumentException.class, () -> p.setMaxSize(2));
        assertEquals("maxSize (2) must be >= minIdle (3): lower minIdle first", tooLow.getMessage());
        assertEquals("maxSize (0) must be >= 1", assertThrows(IllegalArgumentException.class, () -> p.setMaxSize(0)).getMessage());
        assertEquals("minIdle (5) must be <= maxSize (4): raise maxSize first",
                assertThrows(IllegalArgumentException.class, () -> p.setMinIdle(5)).getMessage());
        assertEquals("acquireTimeout (0) must be > 0: a borrower must never wait forever",
                assertThrows(IllegalArgumentException.class, () -> p.setAcquireTimeout(Duration.ZERO)).getMessage());
        assertEquals(4, p.settings().maxSize(), "a rejected change changes nothing");
    }

    @Test
    void aShorterAcquireTimeoutAppliesToTheNextBorrow() throws Exception {
        Pool<TestFactory.Res> p = pool(1, 1, Duration.ofSeconds(30));
        p.setAcquireTimeout(Duration.ofMillis(50));
        try (Lease<TestFactory.Res> held = p.acquire()) {
            PoolTimeoutException t = assertThrows(PoolTimeoutException.class, p::acquire);
            assertEquals(50, t.timeoutMillis());
        }
        assertEquals(Duration.ofMillis(50), p.settings().acquireTimeout());
    }
}
