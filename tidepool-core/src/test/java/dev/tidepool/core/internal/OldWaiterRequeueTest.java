package dev.tidepool.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.core.Await;
import dev.tidepool.core.Lease;
import dev.tidepool.core.Pool;
import dev.tidepool.core.ResourceFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * An old waiter (served in order) is handed an entry that fails validation, so it queues again.
 * It must not stay counted as old once it has its entry: while anyone counts as old, every borrow
 * skips the fast path, so a leaked count would slow the pool down for good.
 */
class OldWaiterRequeueTest {

    @Test
    void anOldWaiterThatQueuesAgainIsUncountedWhenItIsServed() throws Exception {
        AtomicLong clock = new AtomicLong(1_000_000_000_000L);
        AtomicBoolean valid = new AtomicBoolean(true);
        ResourceFactory<Object> factory = new ResourceFactory<>() {
            @Override
            public Object create() {
                return new Object();
            }

            @Override
            public boolean validate(Object resource, Duration timeout) {
                return valid.get();
            }
        };
        try (Pool<Object> pool = Pool.builder(factory).name("requeue").maxSize(1).minIdle(0)
                .acquireTimeout(Duration.ofSeconds(10)).ticker(clock::get).housekeeping(false).build()) {
            SubPool<Object> engine = ((DefaultPool<Object>) pool).engine();
            Lease<Object> held = pool.acquire();
            CompletableFuture<Object> waiter = CompletableFuture.supplyAsync(() -> {
                try (Lease<Object> lease = pool.acquire()) {
                    return lease.get();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Await.until("the waiter turns old", () -> engine.oldWaiterCount() == 1);

            // The entry comes back looking idle for a second, and fails its validation when lent.
            clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
            valid.set(false);
            Object first = held.get();
            held.close();
            Await.until("the handed-over entry was destroyed", () -> engine.stats().destroyed() == 1);
            valid.set(true);

            Object served = waiter.get(10, TimeUnit.SECONDS);
            assertTrue(served != first, "the waiter got a new resource, not the destroyed one");
            assertEquals(0, engine.oldWaiterCount(), "no waiter left, none counted as old");
        }
    }
}
