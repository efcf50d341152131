package dev.tidepool.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class PoolClosingTest {
    private final TestFactory factory = new TestFactory();

    @Test
    void closeFailsWaitersDrainsLeasesThenDestroysEverythingAndStopsThreads() throws Exception {
        Pool<TestFactory.Res> p = Pool.builder(factory).name("closing-pool").maxSize(1).minIdle(1)
                .drainTimeout(Duration.ofSeconds(5)).build();
        Lease<TestFactory.Res> held = p.acquire();
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            Future<Throwable> waiter = executor.submit(() -> {
                try {
                    p.acquire(Duration.ofSeconds(30)).close();
                    return null;
                } catch (PoolClosedException e) {
                    return e;
                }
            });
            Await.until("queued", () -> p.stats().waiting() == 1);
            Future<?> closing = executor.submit(p::close);
            Throwable failure = waiter.get(10, TimeUnit.SECONDS);
            assertNotNull(failure);
            assertEquals("closing-pool - pool is closed", failure.getMessage());
            assertFalse(closing.isDone(), "close waits for the borrowed resource");
            assertFalse(held.get().destroyed, "in-flight work may finish");
            held.close();
            closing.get(10, TimeUnit.SECONDS);
        } finally {
            executor.shutdownNow();
        }
        assertEquals(0, factory.live.get(), "everything destroyed");
        Await.until("threads gone", () -> Await.noThreadNamed("closing-pool-"));
        assertThrows(PoolClosedException.class, p::acquire);
    }

    @Test
    void closeDestroysWhatIsNotBackByTheDrainDeadline() throws Exception {
        Pool<TestFactory.Res> p = Pool.builder(factory).name("drain-deadline").maxSize(1).minIdle(1)
                .drainTimeout(Duration.ofMillis(100)).build();
        Lease<TestFactory.Res> held = p.acquire();
        p.close();
        assertTrue(held.get().destroyed);
        held.close(); // returning after close is harmless
        assertEquals(0, factory.live.get());
        Await.until("threads gone", () -> Await.noThreadNamed("drain-deadline-"));
    }

    /** Issue 15: the JDBC layer marks and reports what close() takes from its borrowers. */
    @Test
    void closeShowsEachResourceStillBorrowedAfterTheDrainBeforeDestroyingIt() throws Exception {
        Pool<TestFactory.Res> p = Pool.builder(factory).name("revoking").maxSize(2).minIdle(2)
                .drainTimeout(Duration.ofMillis(100)).build();
        Lease<TestFactory.Res> held = p.acquire();
        Lease<TestFactory.Res> returned = p.acquire();
        returned.close();
        java.util.List<HolderInfo<TestFactory.Res>> revoked = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<Boolean> destroyedWhenShown = new java.util.concurrent.CopyOnWriteArrayList<>();
        ((dev.tidepool.core.internal.DefaultPool<TestFactory.Res>) p).close(h -> {
            revoked.add(h);
            destroyedWhenShown.add(h.resource().destroyed);
        });
        assertEquals(1, revoked.size(), "only the resource still borrowed: " + revoked);
        assertSame(held.get(), revoked.get(0).resource());
        assertEquals(Thread.currentThread(), revoked.get(0).thread());
        assertEquals(java.util.List.of(false), destroyedWhenShown, "shown before it is destroyed");
        assertTrue(held.get().destroyed);
        held.close();
        Await.until("threads gone", () -> Await.noThreadNamed("revoking-"));
    }

    @Test
    void badSettingsFailWithTheKeyTheValueAndTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pool.builder(factory).maxSize(10).minIdle(12).build());
        assertEquals("minIdle (12) must be <= maxSize (10)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Pool.builder(factory).acquireTimeout(Duration.ZERO).build());
        assertTrue(e.getMessage().startsWith("acquireTimeout (0) must be > 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Pool.builder(factory).maxSize(0).build());
        assertEquals("maxSize (0) must be >= 1", e.getMessage());
        assertEquals(0, factory.createAttempts.get(), "nothing started");
    }
}
