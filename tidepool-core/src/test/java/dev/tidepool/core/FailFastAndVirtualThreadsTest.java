package dev.tidepool.core;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FailFastAndVirtualThreadsTest {

    /** A factory whose failures the test calls persistent (like a wrong password). */
    private static final class PersistentFailureFactory implements ResourceFactory<Object> {
        final AtomicInteger attempts = new AtomicInteger();
        volatile boolean failing = true;

        @Override
        public Object create() throws Exception {
            attempts.incrementAndGet();
            if (failing) {
                throw new Exception("password authentication failed");
            }
            return new Object();
        }

        @Override
        public boolean failsFast(Throwable createFailure) {
            return true;
        }
    }

    @Test
    void aPersistentCreateFailureFailsWaitersAtOnceAndBacksOff() throws Exception {
        PersistentFailureFactory factory = new PersistentFailureFactory();
        try (Pool<Object> pool = Pool.builder(factory).name("badpw").maxSize(2).minIdle(0)
                .acquireTimeout(Duration.ofSeconds(30)).build()) {
            long start = System.nanoTime();
            PoolUnavailableException e = assertThrows(PoolUnavailableException.class, pool::acquire);
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "did not wait out 30 s");
            assertEquals("badpw - cannot create a resource: password authentication failed", e.getMessage());
            assertEquals("password authentication failed", e.getCause().getMessage());
            for (int i = 0; i < 50; i++) {
                assertThrows(PoolUnavailableException.class, pool::acquire);
            }
            assertTrue(factory.attempts.get() < 20, "backs off, no tight loop: " + factory.attempts.get());
            factory.failing = false;
            Await.until("recovered", () -> {
                try (Lease<Object> lease = pool.acquire(Duration.ofSeconds(5))) {
                    return lease.get() != null;
                } catch (PoolUnavailableException stillBackingOff) {
                    return false;
                } catch (InterruptedException ex) {
                    throw new AssertionError(ex);
                }
            });
        }
    }

    @Test
    void virtualThreadsBorrowWithoutPinningOrPerThreadCaches() throws Exception {
        Method newVirtual;
        try {
            newVirtual = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        } catch (NoSuchMethodException e) {
            assumeTrue(false, "virtual threads need JDK 21+; this run is on " + Runtime.version());
            return;
        }
        TestFactory factory = new TestFactory();
        try (Pool<TestFactory.Res> pool = Pool.builder(factory).name("virtual").maxSize(4).minIdle(4)
                .acquireTimeout(Duration.ofSeconds(30)).build()) {
            ExecutorService executor = (ExecutorService) newVirtual.invoke(null);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 1_000; t++) {
                futures.add(executor.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        try (Lease<TestFactory.Res> lease = pool.acquire()) {
                            assertFalse(lease.get().destroyed);
                            Thread.sleep(0, 1000); // a blocking call while holding: the carrier must be released
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            executor.shutdown();
            assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
            assertTrue(factory.maxLive.get() <= 4);
            assertEquals(0, pool.stats().waiting());
        }
    }
}
