package dev.tidepool.jdbc.config;

import static dev.tidepool.jdbc.config.ConfigTestSupport.URL;
import static dev.tidepool.jdbc.config.ConfigTestSupport.failure;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tidepool.core.PoolSettings;
import dev.tidepool.jdbc.TidepoolConfig;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The pool keys have one default and one rule, the core's (issue 14): TidepoolConfig reads them
 * from PoolSettings and adds only the floors that are about database connections.
 */
class PoolKeysTest {

    @Test
    void everyPoolKeyDefaultsAsTheCoresPoolSettings() {
        TidepoolConfig config = TidepoolConfig.builder().jdbcUrl(URL).build();
        PoolSettings core = PoolSettings.builder().build();
        assertEquals(core.name(), config.poolName());
        assertEquals(core.maxSize(), config.maxSize());
        assertEquals(core.minIdle(), config.minIdle());
        assertEquals(core.acquireTimeout(), config.acquireTimeout());
        assertEquals(core.maxWaiters(), config.maxWaiters());
        assertEquals(core.validationTimeout(), config.validationTimeout());
        assertEquals(core.idleTimeout(), config.idleTimeout());
        assertEquals(core.maxLifetime(), config.maxLifetime());
        assertEquals(core.keepaliveInterval(), config.keepaliveInterval());
        assertEquals(core.leakThreshold(), config.leakThreshold());
        assertEquals(core.drainTimeout(), config.drainTimeout());
    }

    /** A mistake in a pool key reads the same from either layer: the message is the core rule's. */
    @Test
    void aPoolKeyMistakeFailsWithTheCoresMessage() {
        List<Mistake> mistakes = List.of(
                new Mistake(c -> c.poolName("a\nb"), s -> s.name("a\nb")),
                new Mistake(c -> c.maxSize(4).minIdle(5), s -> s.maxSize(4).minIdle(5)),
                new Mistake(c -> c.acquireTimeout(null), s -> s.acquireTimeout(null)),
                new Mistake(c -> c.acquireTimeout(Duration.ofSeconds(2)).validationTimeout(Duration.ofSeconds(3)),
                        s -> s.acquireTimeout(Duration.ofSeconds(2)).validationTimeout(Duration.ofSeconds(3))),
                new Mistake(c -> c.maxWaiters(-1), s -> s.maxWaiters(-1)),
                new Mistake(c -> c.leakThreshold(Duration.ofSeconds(-1)), s -> s.leakThreshold(Duration.ofSeconds(-1))),
                new Mistake(c -> c.keepaliveInterval(Duration.ofHours(1)), s -> s.keepaliveInterval(Duration.ofHours(1))),
                new Mistake(c -> c.drainTimeout(Duration.ofSeconds(Long.MAX_VALUE)), s -> s.drainTimeout(Duration.ofSeconds(Long.MAX_VALUE))));
        for (Mistake m : mistakes) {
            String core = failure(m.core.apply(PoolSettings.builder())::build);
            assertEquals(core, failure(m.jdbc.apply(TidepoolConfig.builder().jdbcUrl(URL))));
        }
    }

    @Test
    void theLifetimeFloorsAreTheJdbcLayersOwn() {
        PoolSettings.Builder core = PoolSettings.builder().maxLifetime(Duration.ofSeconds(10)).keepaliveInterval(Duration.ofMillis(500));
        assertDoesNotThrow(core::build, "a generic resource may be cheap to replace");
        assertEquals("maxLifetime (10s) must be 0 (off) or >= 30s: shorter lifetimes churn connections; "
                + "keepaliveInterval (500ms) must be 0 (off) or >= 1s: shorter intervals load the server with validations",
                failure(TidepoolConfig.builder().jdbcUrl(URL).maxLifetime(Duration.ofSeconds(10)).keepaliveInterval(Duration.ofMillis(500))));
    }

    @Test
    void aValueBelowItsFloorIsNotAlsoReportedAsAContradiction() {
        // With the default keepaliveInterval (2m) a 10s maxLifetime also contradicts it; one mistake, one message.
        assertEquals("maxLifetime (10s) must be 0 (off) or >= 30s: shorter lifetimes churn connections",
                failure(TidepoolConfig.builder().jdbcUrl(URL).maxLifetime(Duration.ofSeconds(10))));
        TidepoolConfig.Builder b = TidepoolConfig.builder().jdbcUrl(URL).maxLifetime(Duration.ofSeconds(10));
        failure(b);
        assertEquals("maxLifetime (10s) must be 0 (off) or >= 30s: shorter lifetimes churn connections",
                failure(b.keepaliveInterval(Duration.ofSeconds(5))), "the check leaves the builder's maxLifetime as it was");
    }

    private record Mistake(UnaryOperator<TidepoolConfig.Builder> jdbc, UnaryOperator<PoolSettings.Builder> core) {
    }
}
