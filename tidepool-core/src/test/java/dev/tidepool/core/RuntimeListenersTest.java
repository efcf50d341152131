package dev.tidepool.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** Listeners attached to a running pool: several at once, timings only while one wants them, detachable. */
class RuntimeListenersTest {
    private final TestFactory factory = new TestFactory();
    private Pool<TestFactory.Res> pool;

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
    }

    private Pool<TestFactory.Res> pool(int max) {
        pool = Pool.builder(factory).name("listened").maxSize(max).minIdle(max)
                .acquireTimeout(Duration.ofMillis(300)).build();
        Await.until(max + " idle", () -> pool.stats().idle() == max);
        return pool;
    }

    /** Records every event it hears. */
    static final class Recorder implements PoolListener {
        final boolean timings;
        final List<Long> waits = new CopyOnWriteArrayList<>();
        final List<Long> uses = new CopyOnWriteArrayList<>();
        final List<DestroyReason> destroyed = new CopyOnWriteArrayList<>();
        final List<Duration> created = new CopyOnWriteArrayList<>();
        final AtomicInteger timeouts = new AtomicInteger();
        final AtomicInteger createFailures = new AtomicInteger();

        Recorder(boolean timings) {
            this.timings = timings;
        }

        @Override public boolean wantsTimings() { return timings; }
        @Override public void acquired(long waitNanos) { waits.add(waitNanos); }
        @Override public void returned(long useNanos) { uses.add(useNanos); }
        @Override public void timedOut(PoolStats stats) { timeouts.incrementAndGet(); }
        @Override public void created(Duration took) { created.add(took); }
        @Override public void createFailed(Throwable cause) { createFailures.incrementAndGet(); }
        @Override public void destroyed(DestroyReason reason) { destroyed.add(reason); }
    }

    @Test
    void aListenerAttachedAfterStartHearsEveryBorrowIncludingTheFastOnes() throws Exception {
        Pool<TestFactory.Res> p = pool(2);
        Recorder r = new Recorder(true);
        try (Registration reg = p.addListener(r)) {
            for (int i = 0; i < 5; i++) {
                try (Lease<TestFactory.Res> lease = p.acquire()) {
                    assertNotNull(lease.get());
                }
            }
            assertEquals(5, r.waits.size(), "one wait time per borrow: " + r.waits);
            assertEquals(5, r.uses.size(), "one use time per return: " + r.uses);
            assertTrue(r.waits.stream().allMatch(w -> w >= 0) && r.uses.stream().allMatch(u -> u >= 0));
        }
    }

    @Test
    void aUseTimeSpansTheBorrowToItsReturn() throws Exception {
        Pool<TestFactory.Res> p = pool(1);
        Recorder r = new Recorder(true);
        p.addListener(r);
        long before = System.nanoTime();
        try (Lease<TestFactory.Res> lease = p.acquire()) {
            Await.until("20 ms passed", () -> System.nanoTime() - before >= Duration.ofMillis(20).toNanos());
        }
        long outer = System.nanoTime() - before;
        assertEquals(1, r.uses.size());
        long use = r.uses.get(0);
        assertTrue(use >= Duration.ofMillis(20).toNanos() - Duration.ofMillis(1).toNanos() && use <= outer,
                "use time " + use + " ns within the held 20 ms and the outer " + outer + " ns");
    }

    @Test
    void aWaitThatEndsWithAReturnIsMeasured() throws Exception {
        Pool<TestFactory.Res> p = pool(1);
        Recorder r = new Recorder(true);
        p.addListener(r);
        Lease<TestFactory.Res> held = p.acquire();
        Thread returner = new Thread(() -> {
            Await.until("the borrower waits", () -> p.stats().waiting() == 1);
            held.close();
        });
        returner.start();
        long before = System.nanoTime();
        try (Lease<TestFactory.Res> lease = p.acquire()) {
            long outer = System.nanoTime() - before;
            long wait = r.waits.get(1);
            assertTrue(wait > 0 && wait <= outer, "wait " + wait + " ns <= outer " + outer);
        }
        returner.join(5_000);
    }

    @Test
    void severalListenersHearTheSameEventsAndADetachedOneHearsNoMore() throws Exception {
        Pool<TestFactory.Res> p = pool(1);
        Recorder a = new Recorder(true);
        Recorder b = new Recorder(false);
        Registration ra = p.addListener(a);
        p.addListener(b);
        p.acquire().close();
        ra.close();
        ra.close(); // twice: nothing
        p.acquire().close();
        assertEquals(1, a.waits.size(), "a heard only the borrow before it was detached");
        assertEquals(1, b.waits.size(), "b does not want timings but hears those a wanted, and none after");
        p.softEvictAll();
        Await.until("evicted and refilled", () -> b.destroyed.contains(DestroyReason.EVICTED) && !b.created.isEmpty());
        assertTrue(a.destroyed.isEmpty() && a.created.isEmpty(), "a detached hears nothing: " + a.destroyed);
    }

    @Test
    void aListenerThatWantsNoTimingsGetsNoClockReadsButStillHearsEvents() throws Exception {
        Pool<TestFactory.Res> p = pool(1);
        Recorder r = new Recorder(false);
        p.addListener(r);
        Lease<TestFactory.Res> held = p.acquire();
        PoolTimeoutException t = assertThrows(PoolTimeoutException.class, () -> p.acquire(Duration.ofMillis(20)));
        held.close();
        assertTrue(t.getMessage().contains("no resource available"), t.getMessage());
        assertTrue(r.waits.isEmpty() && r.uses.isEmpty(), "no timings: " + r.waits + " " + r.uses);
        assertEquals(1, r.timeouts.get());
    }

    @Test
    void destroyReasonsAndCreationsReachAListenerAttachedLater() throws Exception {
        Pool<TestFactory.Res> p = pool(1);
        Recorder r = new Recorder(false);
        p.addListener(r);
        try (Lease<TestFactory.Res> lease = p.acquire()) {
            lease.get().broken = true;
        }
        Await.until("broken destroyed and replaced", () -> r.destroyed.contains(DestroyReason.BROKEN) && r.created.size() == 1);
        assertFalse(r.created.get(0).isNegative());
        factory.failReset = true;
        p.acquire().close();
        Await.until("reset failure destroyed", () -> r.destroyed.contains(DestroyReason.RESET_FAILED));
    }

    @Test
    void aThrowingListenerDoesNotFailTheBorrowNorSilenceTheOthers() throws Exception {
        Pool<TestFactory.Res> p = pool(1);
        p.addListener(new PoolListener() {
            @Override public void acquired(long waitNanos) { throw new IllegalStateException("metrics bug"); }
            @Override public void returned(long useNanos) { throw new IllegalStateException("metrics bug"); }
        });
        Recorder r = new Recorder(true);
        p.addListener(r);
        p.acquire().close();
        assertEquals(1, r.waits.size());
        assertEquals(1, r.uses.size());
    }

    @Test
    void aKeyedPoolsListenerHearsEveryKey() throws Exception {
        try (var keyed = new dev.tidepool.core.internal.DefaultKeyedPool<String, TestFactory.Res>(k -> factory,
                PoolSettings.builder().name("keys").maxSize(2).minIdle(0).build(), 4, true, "resource")) {
            Recorder r = new Recorder(true);
            keyed.addListener(r);
            keyed.acquire("a").close();
            keyed.acquire("b").close();
            assertEquals(2, r.waits.size());
            assertEquals(2, r.uses.size());
            assertEquals(2, r.created.size());
        }
    }
}
