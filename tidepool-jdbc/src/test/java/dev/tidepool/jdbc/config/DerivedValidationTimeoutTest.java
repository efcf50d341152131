package dev.tidepool.jdbc.config;

import dev.tidepool.jdbc.TidepoolConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.tidepool.jdbc.config.ConfigTestSupport.failure;
import static dev.tidepool.jdbc.config.ConfigTestSupport.props;
import static dev.tidepool.jdbc.config.ConfigTestSupport.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A default never contradicts a valid choice of another key: unless set, validationTimeout is
 * min(5s, acquireTimeout / 4), so a short acquireTimeout works on its own. Only a validationTimeout
 * the user set can conflict with acquireTimeout. Issue 15.
 */
class DerivedValidationTimeoutTest {

    @Test
    void aShortAcquireTimeoutAloneIsAcceptedWithAValidationBoundOfAQuarterOfIt() {
        TidepoolConfig config = valid().acquireTimeout(Duration.ofSeconds(2)).build();
        assertEquals(Duration.ofMillis(500), config.validationTimeout());
    }

    @Test
    void aShortAcquireTimeoutAloneIsAcceptedFromProperties() {
        TidepoolConfig config = TidepoolConfig.fromProperties(props("acquireTimeout", "2s"));
        assertEquals(Duration.ofMillis(500), config.validationTimeout());
        assertEquals(Duration.ofMillis(1), TidepoolConfig.fromProperties(props("acquireTimeout", "4ms")).validationTimeout());
    }

    @Test
    void theDerivedBoundIsAtMostFiveSeconds() {
        assertEquals(Duration.ofSeconds(5), valid().build().validationTimeout(), "acquireTimeout 30s by default");
        assertEquals(Duration.ofSeconds(5), valid().acquireTimeout(Duration.ofMinutes(2)).build().validationTimeout());
        assertEquals(Duration.ofSeconds(4), valid().acquireTimeout(Duration.ofSeconds(16)).build().validationTimeout());
    }

    @Test
    void theDerivedBoundFollowsAcquireTimeoutThroughToBuilderUntilSet() {
        TidepoolConfig derived = valid().acquireTimeout(Duration.ofSeconds(2)).build();
        assertEquals(Duration.ofSeconds(1), derived.toBuilder().acquireTimeout(Duration.ofSeconds(4)).build()
                .validationTimeout());
        TidepoolConfig set = valid().acquireTimeout(Duration.ofSeconds(2)).validationTimeout(Duration.ofMillis(300)).build();
        assertEquals(Duration.ofMillis(300), set.toBuilder().acquireTimeout(Duration.ofSeconds(4)).build()
                .validationTimeout());
        assertEquals(Duration.ofSeconds(1), set.toBuilder().validationTimeout(null).acquireTimeout(Duration.ofSeconds(4))
                .build().validationTimeout(), "null restores the derived default");
    }

    @Test
    void anExplicitValidationTimeoutBelowAcquireTimeoutIsKept() {
        assertEquals(Duration.ofMillis(1999), valid().acquireTimeout(Duration.ofSeconds(2))
                .validationTimeout(Duration.ofMillis(1999)).build().validationTimeout());
    }

    @Test
    void bothSetAndContradictingStillFailsNamingBothAndTheWayOut() {
        String expected = "validationTimeout (5s) must be < acquireTimeout (2s): a borrow may include one validation; "
                + "lower validationTimeout, or leave it unset for min(5s, acquireTimeout / 4)";
        assertEquals(expected, failure(valid().acquireTimeout(Duration.ofSeconds(2)).validationTimeout(Duration.ofSeconds(5))));
        assertEquals(expected, failure(props("acquireTimeout", "2s", "validationTimeout", "5s")));
    }

    @Test
    void theDefaultIsDocumentedAsDerived() {
        assertEquals("min(5s, acquireTimeout / 4)", TidepoolConfig.defaultOf("validationTimeout"));
    }
}
