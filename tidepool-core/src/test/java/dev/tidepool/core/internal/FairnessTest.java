package dev.tidepool.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.core.Await;
import dev.tidepool.core.Lease;
import dev.tidepool.core.Pool;
import dev.tidepool.core.PoolTimeoutException;
import dev.tidepool.core.ResourceFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Once waiters are old (past the 1 ms grace, handoffs paying), they are served first come, first
 * served, and a return is handed to the longest waiter, never to a newcomer. The tests wait until
 * the pool counts the waiters as old, not for a stretch of time: on a loaded machine a waiter may
 * not have run since its grace ended. Issue 2.
 */
class FairnessTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Pool<Object>> pools = new ArrayList<>();

    @AfterEach
    void closeAll() throws InterruptedException {
        pools.forEach(Pool::close);
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
    }

    private Pool<Object> pool(String name) {
        ResourceFactory<Object> factory = Object::new;
        Pool<Object> p = Pool.builder(factory).name(name).maxSize(1).minIdle(1)
                .acquireTimeout(Duration.ofSeconds(5)).build();
        pools.add(p);
        return p;
    }

    private static SubPool<Object> engine(Pool<Object> pool) {
        return ((DefaultPool<Object>) pool).engine();
    }

    @Test
    void oldWaitersAreServedFirstComeFirstServed() throws Exception {
        Pool<Object> p = pool("fifo");
        Lease<Object> held = p.acquire();
        List<String> order = new CopyOnWriteArrayList<>();
        List<Future<?>> waiters = new ArrayList<>();
        for (String name : List.of("B", "C", "D")) {
            int queued = waiters.size() + 1;
            waiters.add(executor.submit(() -> {
                try (Lease<Object> lease = p.acquire()) {
                    order.add(name);
                }
                return null;
            }));
            Await.until(name + " queued and old", () -> engine(p).oldWaiterCount() == queued);
        }
        held.close();
        for (Future<?> f : waiters) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertEquals(List.of("B", "C", "D"), order);
    }

    @Test
    void aReturnGoesToTheOldWaiterNotToANewcomer() throws Exception {
        Pool<Object> p = pool("nobarging");
        Lease<Object> held = p.acquire();
        CountDownLatch waiterGotIt = new CountDownLatch(1);
        CountDownLatch waiterMayRelease = new CountDownLatch(1);
        Future<?> waiter = executor.submit(() -> {
            try (Lease<Object> lease = p.acquire()) {
                waiterGotIt.countDown();
                waiterMayRelease.await();
            }
            return null;
        });
        Await.until("the waiter is old", () -> engine(p).oldWaiterCount() == 1);
        held.close();
        // The newcomer comes right after the return: the resource is already the waiter's.
        assertThrows(PoolTimeoutException.class, () -> p.acquire(Duration.ofMillis(50)));
        assertTrue(waiterGotIt.await(10, TimeUnit.SECONDS));
        waiterMayRelease.countDown();
        waiter.get(10, TimeUnit.SECONDS);
    }
}
