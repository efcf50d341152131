package dev.tidepool.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class KeyedPoolTest {
    private final Map<String, TestFactory> factories = new ConcurrentHashMap<>();
    private final AtomicInteger liveTotal = new AtomicInteger();
    private KeyedPool<String, TestFactory.Res> pool;

    private KeyedPool<String, TestFactory.Res> pool(int maxPerKey, int maxTotal) {
        PoolSettings perKey = PoolSettings.builder().name("routes").maxSize(maxPerKey).minIdle(0)
                .acquireTimeout(Duration.ofSeconds(5)).build();
        pool = KeyedPool.create(key -> factories.computeIfAbsent(key, k -> new TestFactory(liveTotal)), perKey, maxTotal);
        return pool;
    }

    @AfterEach
    void close() {
        pool.close();
    }

    /** Live resources across keys, read at one instant (a sum of per-key reads could count a move twice). */
    private int live() {
        return liveTotal.get();
    }

    @Test
    void eachKeyIsLimitedToMaxPerKey() throws Exception {
        KeyedPool<String, TestFactory.Res> p = pool(2, 10);
        Lease<TestFactory.Res> a1 = p.acquire("a");
        Lease<TestFactory.Res> a2 = p.acquire("a");
        assertThrows(PoolTimeoutException.class, () -> p.acquire("a", Duration.ofMillis(100)));
        try (Lease<TestFactory.Res> b = p.acquire("b", Duration.ofSeconds(5))) {
            assertNotNull(b.get());
        }
        a1.close();
        a2.close();
    }

    @Test
    void anIdleResourceOfOneKeyIsClosedToMakeRoomForAnother() throws Exception {
        KeyedPool<String, TestFactory.Res> p = pool(3, 3);
        List<Lease<TestFactory.Res>> leases = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            leases.add(p.acquire("a"));
        }
        leases.forEach(Lease::close); // three idle resources of key a fill the total
        assertEquals(3, p.totalOpen());
        try (Lease<TestFactory.Res> b = p.acquire("b", Duration.ofSeconds(5))) {
            assertNotNull(b.get());
            assertTrue(p.totalOpen() <= 3);
        }
        assertEquals(2, factories.get("a").live.get(), "one of a's idle resources made room");
    }

    @Test
    void theTotalLimitHoldsUnderContentionAcrossKeys() throws Exception {
        KeyedPool<String, TestFactory.Res> p = pool(3, 4);
        ExecutorService executor = Executors.newFixedThreadPool(12);
        AtomicInteger maxLive = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            String key = "k" + (t % 4);
            futures.add(executor.submit(() -> {
                start.await();
                for (int i = 0; i < 300; i++) {
                    try (Lease<TestFactory.Res> lease = p.acquire(key, Duration.ofSeconds(20))) {
                        maxLive.accumulateAndGet(live(), Math::max);
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        executor.shutdownNow();
        assertTrue(maxLive.get() <= 4, "max live " + maxLive.get());
        assertTrue(p.totalOpen() <= 4);
    }

    @Test
    void maxPerKeyAboveMaxTotalIsRejected() {
        PoolSettings perKey = PoolSettings.builder().maxSize(5).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyedPool.create(k -> new TestFactory(), perKey, 3));
        assertEquals("maxPerKey (5) must be <= maxTotal (3)", e.getMessage());
        pool = pool(1, 1);
    }
}
