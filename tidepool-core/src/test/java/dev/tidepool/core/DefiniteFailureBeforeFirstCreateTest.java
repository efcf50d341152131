package dev.tidepool.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Issue 13: a failure the factory calls definite before the first creation (a refused port, an
 * unknown host) fails waiters at once while nothing was ever created, and is waited out after.
 */
class DefiniteFailureBeforeFirstCreateTest {

    /** Calls every failure definite before the first creation, never persistent. */
    private static final class RefusingFactory implements ResourceFactory<Object> {
        volatile boolean refusing;

        @Override
        public Object create() throws Exception {
            if (refusing) {
                throw new java.net.ConnectException("Connection refused");
            }
            return new Object();
        }

        @Override
        public boolean failsFastBeforeFirstCreate(Throwable createFailure) {
            return true;
        }
    }

    @Test
    void aDefiniteFailureFailsWaitersAtOnceWhileNothingWasEverCreated() {
        RefusingFactory factory = new RefusingFactory();
        factory.refusing = true;
        try (Pool<Object> pool = Pool.builder(factory).name("refused").maxSize(2).minIdle(0)
                .acquireTimeout(Duration.ofSeconds(30)).build()) {
            PoolUnavailableException e = assertThrows(PoolUnavailableException.class, pool::acquire);
            assertEquals("refused - cannot create a resource: Connection refused", e.getMessage());
        }
    }

    @Test
    void theSameFailureIsWaitedOutOnceAResourceWasCreated() throws Exception {
        RefusingFactory factory = new RefusingFactory();
        try (Pool<Object> pool = Pool.builder(factory).name("refused-later").maxSize(2).minIdle(0)
                .acquireTimeout(Duration.ofMillis(200)).build();
             Lease<Object> held = pool.acquire()) {
            factory.refusing = true;
            assertThrows(PoolTimeoutException.class, pool::acquire);
        }
    }
}
