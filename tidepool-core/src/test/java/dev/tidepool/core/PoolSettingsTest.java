package dev.tidepool.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PoolSettings is the one place of each pool key's default and rule (issue 14); TidepoolConfig reuses both. */
class PoolSettingsTest {

    private static String failure(PoolSettings.Builder b) {
        return assertThrows(IllegalArgumentException.class, b::build).getMessage();
    }

    @Test
    void theDefaultsAreTheDocumentedOnesAndHaveNoProblem() {
        PoolSettings.Builder b = PoolSettings.builder();
        assertEquals(List.of(), b.problems());
        PoolSettings s = b.build();
        assertEquals(10, s.maxSize());
        assertEquals(10, s.minIdle());
        assertEquals(Duration.ofSeconds(30), s.acquireTimeout());
        assertEquals(Duration.ofSeconds(5), s.validationTimeout());
        assertEquals(Duration.ofMinutes(10), s.idleTimeout());
        assertEquals(Duration.ofMinutes(30), s.maxLifetime());
        assertEquals(Duration.ofMinutes(2), s.keepaliveInterval());
        assertEquals(Duration.ZERO, s.leakThreshold());
        assertEquals(Duration.ofSeconds(10), s.drainTimeout());
        assertEquals(0, s.maxWaiters());
    }

    @Test
    void everyProblemIsListedInOneExceptionInKeyOrder() {
        PoolSettings.Builder b = PoolSettings.builder().name(" ").maxSize(0).acquireTimeout(Duration.ZERO)
                .maxWaiters(-1).idleTimeout(Duration.ofMillis(-1)).drainTimeout(null);
        assertEquals(List.of("poolName (' ') must not be blank: leave it unset for tidepool-<n>",
                "maxSize (0) must be >= 1",
                "acquireTimeout (0) must be > 0: a borrower must never wait forever",
                "maxWaiters (-1) must be >= 0: 0 for no limit by count, or the most threads that may wait at once"
                        + " before a borrow fails at once",
                "idleTimeout (-1ms) must be >= 0 (0 switches it off)",
                "drainTimeout (null) must be >= 0 (0 switches it off)"), b.problems());
        assertEquals(String.join("; ", b.problems()), failure(b));
    }

    @Test
    void validationTimeoutFollowsAcquireTimeoutUntilSet() {
        assertEquals(Duration.ofMillis(500), PoolSettings.builder().acquireTimeout(Duration.ofSeconds(2)).build().validationTimeout());
        PoolSettings derived = PoolSettings.builder().build();
        assertEquals(Duration.ofSeconds(2), derived.toBuilder().acquireTimeout(Duration.ofSeconds(8)).build().validationTimeout(),
                "toBuilder keeps it unset");
        PoolSettings set = PoolSettings.builder().validationTimeout(Duration.ofSeconds(1)).build();
        assertEquals(Duration.ofSeconds(1), set.toBuilder().acquireTimeout(Duration.ofSeconds(8)).build().validationTimeout());
    }

    @Test
    void aCopyHasEverySettingAndChangesApartFromTheOriginal() {
        PoolSettings.Builder original = PoolSettings.builder().name("copied").maxSize(7).acquireTimeout(Duration.ofSeconds(4))
                .idleTimeout(Duration.ofMinutes(3)).maxLifetime(Duration.ofMinutes(40)).keepaliveInterval(Duration.ofMinutes(5))
                .leakThreshold(Duration.ofSeconds(9)).drainTimeout(Duration.ofSeconds(6)).maxWaiters(3);
        PoolSettings.Builder copy = original.copy();
        assertEquals(original.build().toString(), copy.build().toString());
        assertEquals(7, copy.build().minIdle(), "an unset minIdle stays unset in the copy: it follows maxSize");

        copy.maxLifetime(Duration.ZERO).maxSize(2);
        PoolSettings after = original.build();
        assertEquals(Duration.ofMinutes(40), after.maxLifetime());
        assertEquals(7, after.maxSize());
    }

    @Test
    void aValidationTimeoutThatWasSetMustFitInTheBorrowersWait() {
        assertEquals("validationTimeout (2s) must be < acquireTimeout (2s): a borrow may include one validation; "
                + "lower validationTimeout, or leave it unset for min(5s, acquireTimeout / 4)",
                failure(PoolSettings.builder().acquireTimeout(Duration.ofSeconds(2)).validationTimeout(Duration.ofSeconds(2))));
    }

    @Test
    void anyLifetimeIsAllowedButAKeepaliveMustComeBeforeRetirement() {
        // The JDBC layer's floors (maxLifetime >= 30s, keepaliveInterval >= 1s) are about database connections.
        assertDoesNotThrow(() -> PoolSettings.builder().maxLifetime(Duration.ofSeconds(1)).keepaliveInterval(Duration.ZERO).build());
        assertDoesNotThrow(() -> PoolSettings.builder().maxLifetime(Duration.ofSeconds(1))
                .keepaliveInterval(Duration.ofMillis(100)).build());
        assertEquals("keepaliveInterval (2m) must be < maxLifetime (1m): every resource would retire before its first keepalive",
                failure(PoolSettings.builder().maxLifetime(Duration.ofMinutes(1))));
        assertEquals("maxLifetime (-1s) must be >= 0 (0 switches it off)",
                failure(PoolSettings.builder().maxLifetime(Duration.ofSeconds(-1))), "no contradiction on top");
    }

    @Test
    void durationsMustFitInNanoseconds() {
        assertEquals("leakThreshold (9223372036854775807s) is too long: durations must be under 292 years",
                failure(PoolSettings.builder().leakThreshold(Duration.ofSeconds(Long.MAX_VALUE))));
    }

    @Test
    void unnamedSettingsTakeANumberOnlyWhenAPoolStarts() {
        PoolSettings unnamed = PoolSettings.builder().build();
        assertNull(unnamed.name());
        try (Pool<TestFactory.Res> p = Pool.create(new TestFactory(), unnamed.toBuilder().minIdle(0).build())) {
            assertTrue(p.settings().name().matches("tidepool-[0-9]+"), p.settings().name());
        }
    }

    @Test
    void aRuntimeChangeKeepsEveryOtherValueInEffect() {
        PoolSettings s = PoolSettings.builder().maxSize(4).build();
        PoolSettings faster = s.withAcquireTimeout(Duration.ofMillis(50));
        assertEquals(Duration.ofMillis(50), faster.acquireTimeout());
        assertEquals(Duration.ofSeconds(5), faster.validationTimeout(), "fixed for the pool's life");
        PoolSettings bigger = s.withMaxSize(8);
        assertEquals(4, bigger.minIdle(), "the running pool keeps its minIdle");
        assertEquals(8, bigger.toBuilder().build().minIdle(), "a new pool from these settings: minIdle follows maxSize");
        assertEquals(2, s.withMinIdle(2).toBuilder().maxSize(8).build().minIdle(), "set at runtime: no longer follows");
        assertEquals("acquireTimeout (0) must be > 0: a borrower must never wait forever",
                assertThrows(IllegalArgumentException.class, () -> s.withAcquireTimeout(Duration.ZERO)).getMessage());
        assertEquals("minIdle (5) must be <= maxSize (4): raise maxSize first",
                assertThrows(IllegalArgumentException.class, () -> s.withMinIdle(5)).getMessage());
    }
}
