package dev.tidepool.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Lifetime, idle and keepalive decisions, driven by a fake clock and manual maintenance passes. */
class HousekeepingTest {
    private final TestFactory factory = new TestFactory();
    private final FakeClock clock = new FakeClock();
    private final Map<DestroyReason, Integer> destroyed = new ConcurrentHashMap<>();
    private Pool<TestFactory.Res> pool;

    private Pool<TestFactory.Res> pool(PoolBuilder<TestFactory.Res> b) {
        pool = b.ticker(clock).housekeeping(false).listener(new PoolListener() {
            @Override
            public void destroyed(DestroyReason reason) {
                destroyed.merge(reason, 1, Integer::sum);
            }
        }).build();
        return pool;
    }

    private PoolBuilder<TestFactory.Res> builder() {
        return Pool.builder(factory).name("hk").acquireTimeout(Duration.ofSeconds(5));
    }

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
    }

    private int destroyedFor(DestroyReason reason) {
        return destroyed.getOrDefault(reason, 0);
    }

    @Test
    void idleResourcesAreRetiredAfterMaxLifetimeAndReplaced() {
        Pool<TestFactory.Res> p = pool(builder().maxSize(2).minIdle(2).maxLifetime(Duration.ofMinutes(30)));
        Await.until("filled", () -> p.stats().idle() == 2);
        p.runMaintenance(clock.advance(Duration.ofMinutes(29)));
        assertEquals(0, destroyedFor(DestroyReason.MAX_LIFETIME), "jitter only shortens by up to 2.5%");
        p.runMaintenance(clock.advance(Duration.ofMinutes(1)));
        Await.until("retired", () -> destroyedFor(DestroyReason.MAX_LIFETIME) == 2);
        Await.until("replaced", () -> p.stats().idle() == 2 && factory.created.get() == 4);
    }

    @Test
    void aBorrowedResourcePastItsLifetimeIsRetiredOnReturnNotWhileBorrowed() throws Exception {
        Pool<TestFactory.Res> p = pool(builder().maxSize(1).minIdle(1).maxLifetime(Duration.ofMinutes(30)));
        Lease<TestFactory.Res> lease = p.acquire();
        p.runMaintenance(clock.advance(Duration.ofMinutes(31)));
        assertFalse(lease.get().destroyed, "never destroyed while borrowed");
        TestFactory.Res res = lease.get();
        lease.close();
        Await.until("retired on return", () -> destroyedFor(DestroyReason.MAX_LIFETIME) == 1);
        assertTrue(res.destroyed);
    }

    @Test
    void idleResourcesAboveMinIdleCloseAfterIdleTimeout() throws Exception {
        Pool<TestFactory.Res> p = pool(builder().maxSize(3).minIdle(1).idleTimeout(Duration.ofMinutes(10)));
        List<Lease<TestFactory.Res>> leases = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            leases.add(p.acquire());
        }
        leases.forEach(Lease::close);
        assertEquals(3, p.stats().idle());
        p.runMaintenance(clock.advance(Duration.ofMinutes(9)));
        assertEquals(3, p.stats().total());
        p.runMaintenance(clock.advance(Duration.ofMinutes(2)));
        Await.until("two closed for idling", () -> destroyedFor(DestroyReason.IDLE_TIMEOUT) == 2);
        assertEquals(1, p.stats().total(), "minIdle kept");
    }

    @Test
    void keepaliveValidatesIdleResourcesAndDropsDeadOnes() {
        Pool<TestFactory.Res> p = pool(builder().maxSize(2).minIdle(2).keepaliveInterval(Duration.ofMinutes(2)));
        Await.until("filled", () -> p.stats().idle() == 2);
        p.runMaintenance(clock.advance(Duration.ofSeconds(60)));
        assertEquals(0, factory.validations.get());
        p.runMaintenance(clock.advance(Duration.ofSeconds(61)));
        assertEquals(2, factory.validations.get(), "each idle resource validated once");
        factory.valid = false;
        p.runMaintenance(clock.advance(Duration.ofMinutes(2)));
        Await.until("dead ones dropped", () -> destroyedFor(DestroyReason.VALIDATION_FAILED) == 2);
    }

    @Test
    void validatesOnBorrowOnlyAfterSittingIdleForAWhile() throws Exception {
        Pool<TestFactory.Res> p = pool(builder().maxSize(1).minIdle(1));
        for (int i = 0; i < 10; i++) {
            try (Lease<TestFactory.Res> lease = p.acquire()) {
                assertNotNull(lease.get());
            }
        }
        assertEquals(0, factory.validations.get(), "recently used: no validation round trip");
        p.runMaintenance(clock.advance(Duration.ofSeconds(1))); // a housekeeping tick moves the pool's clock
        try (Lease<TestFactory.Res> lease = p.acquire()) {
            assertNotNull(lease.get());
        }
        assertEquals(1, factory.validations.get());
    }

    @Test
    void aResourceReturnedAfterALongHoldIsLentAgainWithoutValidation() throws Exception {
        Pool<TestFactory.Res> p = pool(builder().maxSize(1).minIdle(1));
        try (Lease<TestFactory.Res> lease = p.acquire()) {
            p.runMaintenance(clock.advance(Duration.ofSeconds(2))); // held for 2 s, in use all along
        }
        try (Lease<TestFactory.Res> lease = p.acquire()) {
            assertNotNull(lease.get());
        }
        assertEquals(0, factory.validations.get(), "just returned by its borrower: no validation round trip");
    }

    @Test
    void aResourceThatFailsValidationOnBorrowIsReplaced() throws Exception {
        Pool<TestFactory.Res> p = pool(builder().maxSize(1).minIdle(1));
        Await.until("filled", () -> p.stats().idle() == 1);
        p.runMaintenance(clock.advance(Duration.ofSeconds(5)));
        factory.valid = false;
        try (Lease<TestFactory.Res> lease = p.acquire()) {
            assertEquals(2, lease.get().id, "the stale one was dropped, a new one created");
        }
        assertEquals(1, destroyedFor(DestroyReason.VALIDATION_FAILED));
    }

    @Test
    void softEvictAllRetiresIdleNowAndBorrowedOnReturn() throws Exception {
        Pool<TestFactory.Res> p = pool(builder().maxSize(2).minIdle(2));
        Await.until("filled", () -> p.stats().idle() == 2);
        Lease<TestFactory.Res> lease = p.acquire();
        p.softEvictAll();
        Await.until("idle one evicted", () -> destroyedFor(DestroyReason.EVICTED) == 1);
        assertFalse(lease.get().destroyed);
        lease.close();
        Await.until("borrowed one evicted on return", () -> destroyedFor(DestroyReason.EVICTED) == 2);
        Await.until("refilled", () -> p.stats().idle() == 2);
    }

    /** The JDBC layer evicts the connections to a lost host this way (issue 12). */
    @Test
    void softEvictRetiresOnlyMatchingEntriesIdleNowAndBorrowedOnReturn() throws Exception {
        Pool<TestFactory.Res> p = pool(builder().maxSize(3).minIdle(3));
        Await.until("filled", () -> p.stats().idle() == 3);
        Lease<TestFactory.Res> first = p.acquire();
        Lease<TestFactory.Res> second = p.acquire();
        TestFactory.Res kept = second.get();
        ((dev.tidepool.core.internal.DefaultPool<TestFactory.Res>) p).engine().softEvict(r -> r != kept);
        Await.until("the idle match evicted", () -> destroyedFor(DestroyReason.EVICTED) == 1);
        assertFalse(first.get().destroyed, "borrowed: kept until its return");
        first.close();
        Await.until("the borrowed match evicted on return", () -> destroyedFor(DestroyReason.EVICTED) == 2);
        second.close();
        assertFalse(kept.destroyed, "no match: kept");
        Await.until("refilled", () -> p.stats().idle() == 3);
        assertEquals(2, destroyedFor(DestroyReason.EVICTED));
    }

    @Test
    void leakThresholdReportsALongHoldOnceWithTheBorrowStack() throws Exception {
        List<HolderInfo<?>> leaks = new ArrayList<>();
        pool = Pool.builder(factory).name("leaky").maxSize(1).minIdle(1).ticker(clock).housekeeping(false)
                .leakThreshold(Duration.ofSeconds(30)).listener(new PoolListener() {
                    @Override
                    public void leakSuspected(HolderInfo<?> holder) {
                        leaks.add(holder);
                    }
                }).build();
        Lease<TestFactory.Res> lease = pool.acquire();
        pool.runMaintenance(clock.advance(Duration.ofSeconds(29)));
        assertTrue(leaks.isEmpty());
        pool.runMaintenance(clock.advance(Duration.ofSeconds(2)));
        pool.runMaintenance(clock.advance(Duration.ofSeconds(2)));
        assertEquals(1, leaks.size(), "reported once");
        HolderInfo<?> leak = leaks.get(0);
        assertEquals(Thread.currentThread(), leak.thread());
        assertEquals(Duration.ofSeconds(31), leak.heldFor());
        assertTrue(java.util.Arrays.stream(leak.borrowStack())
                .anyMatch(f -> f.getMethodName().equals("leakThresholdReportsALongHoldOnceWithTheBorrowStack")));
        lease.close();
    }

    @Test
    void holdersSnapshotNamesTheThreadAndHowLongItHeld() throws Exception {
        Pool<TestFactory.Res> p = pool(builder().maxSize(2).minIdle(0));
        Lease<TestFactory.Res> lease = p.acquire();
        clock.advance(Duration.ofSeconds(12));
        List<HolderInfo<TestFactory.Res>> holders = p.holders();
        assertEquals(1, holders.size());
        assertEquals(Thread.currentThread().getName(), holders.get(0).threadName());
        assertEquals(Duration.ofSeconds(12), holders.get(0).heldFor());
        assertSame(lease.get(), holders.get(0).resource());
        assertNull(holders.get(0).borrowStack(), "stacks only when a leak threshold is set");
        lease.close();
        assertTrue(p.holders().isEmpty());
    }

    @Test
    void maintenanceReturnsABoundedDelay() {
        Pool<TestFactory.Res> p = pool(builder().maxSize(1).minIdle(1));
        long delay = p.runMaintenance(clock.nanoTime());
        assertTrue(delay > 0 && delay <= Duration.ofMillis(250).toNanos(), "delay " + delay);
    }
}
