package dev.tidepool.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A borrower that meets several stale idle entries on a dead network (each validation hangs until
 * its timeout) gives up at its acquire timeout, not after one validationTimeout per entry: every
 * validation on the borrow path is bounded by what is left of the borrower's wait. Issue 4, item 3
 * ("no application call blocks longer than acquireTimeout").
 */
class StaleEntriesBorrowTest {
    private static final Duration ACQUIRE_TIMEOUT = Duration.ofMillis(1000);
    private static final Duration VALIDATION_TIMEOUT = Duration.ofMillis(400);
    private static final int ENTRIES = 5;

    /** Creates the first {@link #ENTRIES} resources, then fails; validation hangs until its timeout, then fails. */
    private static final class DeadNetworkFactory implements ResourceFactory<Object> {
        final AtomicInteger created = new AtomicInteger();
        final List<Duration> validationTimeouts = new CopyOnWriteArrayList<>();

        @Override
        public Object create() throws Exception {
            if (created.get() >= ENTRIES) {
                throw new Exception("the network is down");
            }
            created.incrementAndGet();
            return new Object();
        }

        @Override
        public boolean validate(Object resource, Duration timeout) {
            validationTimeouts.add(timeout);
            LockSupport.parkNanos(timeout.toNanos()); // a silent server: no answer before the timeout
            return false;
        }
    }

    @Test
    void aBorrowerGivesUpAtItsAcquireTimeoutWhenEveryIdleEntryHangsItsValidation() throws Exception {
        DeadNetworkFactory factory = new DeadNetworkFactory();
        FakeClock clock = new FakeClock();
        try (Pool<Object> pool = Pool.builder(factory).name("stale").maxSize(ENTRIES).minIdle(ENTRIES)
                .acquireTimeout(ACQUIRE_TIMEOUT).validationTimeout(VALIDATION_TIMEOUT)
                .ticker(clock).housekeeping(false).build()) {
            Await.until("filled", () -> pool.stats().idle() == ENTRIES);
            pool.runMaintenance(clock.advance(Duration.ofSeconds(5))); // every entry now needs a validation

            long start = System.nanoTime();
            assertThrows(PoolTimeoutException.class, pool::acquire);
            Duration waited = Duration.ofNanos(System.nanoTime() - start);

            // One validationTimeout per entry would be 5 x 400 ms = 2 s; the budgets must add up to
            // the acquire timeout at most (each is at least 1 ms, hence the allowance per call).
            List<Duration> given = factory.validationTimeouts;
            Duration total = given.stream().reduce(Duration.ZERO, Duration::plus);
            assertTrue(total.compareTo(ACQUIRE_TIMEOUT.plusMillis(given.size())) <= 0,
                    "validation time granted " + total + " over " + given);
            assertTrue(given.stream().allMatch(d -> d.compareTo(VALIDATION_TIMEOUT) <= 0), given::toString);
            assertTrue(waited.compareTo(ACQUIRE_TIMEOUT.plus(VALIDATION_TIMEOUT)) < 0,
                    "the borrower waited " + waited + " (acquireTimeout " + ACQUIRE_TIMEOUT + ")");
            assertTrue(given.size() < ENTRIES, "validated every entry: " + given);
        }
    }
}
