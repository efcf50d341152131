package dev.tidepool.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, item 3: while creations fail, an attempt stuck in connect or login (a network that
 * dropped its packets) must not hold the pool back: once it has been under way a while, another
 * probe starts beside it, and the first that gets through serves the waiters.
 */
class StuckCreationTest {

    /** Fails the first attempt at once, hangs the second until released, lets later ones through. */
    private static final class StuckSecondAttempt implements ResourceFactory<Object> {
        final AtomicInteger attempts = new AtomicInteger();
        final CountDownLatch stuckStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public Object create() throws Exception {
            int n = attempts.incrementAndGet();
            if (n == 1) {
                throw new java.net.SocketTimeoutException("connect timed out");
            }
            if (n == 2) {
                stuckStarted.countDown();
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
                throw new java.net.SocketTimeoutException("login timed out");
            }
            return new Object();
        }
    }

    @Test
    void aProbeStuckInConnectDoesNotKeepWaitersFromAFreshAttemptThatGetsThrough() throws Exception {
        StuckSecondAttempt factory = new StuckSecondAttempt();
        try (Pool<Object> pool = Pool.builder(factory).name("stuck").maxSize(3).minIdle(0)
                .acquireTimeout(Duration.ofSeconds(20)).build()) {
            try (Lease<Object> lease = pool.acquire()) {
                assertNotNull(lease.get());
                assertEquals(0, factory.stuckStarted.getCount(), "attempt 2 started, and is still stuck (not released)");
                assertTrue(factory.attempts.get() >= 3, "a probe started beside the stuck one: " + factory.attempts);
            } finally {
                factory.release.countDown();
            }
        }
    }
}
