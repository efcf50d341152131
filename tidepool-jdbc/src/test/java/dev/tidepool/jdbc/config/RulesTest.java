package dev.tidepool.jdbc.config;

import static dev.tidepool.jdbc.config.ConfigTestSupport.failure;
import static dev.tidepool.jdbc.config.ConfigTestSupport.valid;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tidepool.jdbc.TidepoolConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One test per rule: the exact message names the key, the value and the rule. */
class RulesTest {

    @Test
    void jdbcUrlIsRequired() {
        assertEquals("jdbcUrl is required: set the driver's URL, e.g. jdbc:postgresql://localhost:5432/app"
                + " (or dataSourceClassName, or pass a DataSource to builder().dataSource(ds))",
                failure(TidepoolConfig.builder()));
    }

    @Test
    void jdbcUrlMustStartWithJdbc() {
        assertEquals("jdbcUrl ('postgres://db/app') must start with 'jdbc:', e.g. jdbc:postgresql://localhost:5432/app",
                failure(valid().jdbcUrl("postgres://db/app")));
        assertEquals("jdbcUrl ('') must start with 'jdbc:', e.g. jdbc:postgresql://localhost:5432/app",
                failure(valid().jdbcUrl("")));
    }

    @Test
    void driverClassNameMustBeAJavaClassName() {
        assertEquals("driverClassName ('org.postgresql Driver') is not a Java class name, e.g. org.postgresql.Driver",
                failure(valid().driverClassName("org.postgresql Driver")));
        assertEquals("driverClassName ('') is not a Java class name, e.g. org.postgresql.Driver",
                failure(valid().driverClassName("")));
        assertDoesNotThrow(() -> valid().driverClassName("org.h2.Driver").build());
    }

    @Test
    void driverPropertiesNeedANameAndAValueAndAreNotCredentials() {
        assertEquals("driver.<name> ('') needs a property name after 'driver.', e.g. driver.ssl=true",
                failure(valid().driverProperty("", "x")));
        assertEquals("driver.<name> (null) needs a property name after 'driver.', e.g. driver.ssl=true",
                failure(valid().driverProperty(null, "x")));
        assertEquals("driver.ssl (null) must have a value", failure(valid().driverProperty("ssl", null)));
        assertEquals("driver.password is not allowed: set the credentials with username and password",
                failure(valid().driverProperty("password", "hunter2")));
        assertEquals("driver.USER is not allowed: set the credentials with username and password",
                failure(valid().driverProperty("USER", "bob")));
    }

    @Test
    void poolNameMustNotBeBlankOrHoldControlCharacters() {
        assertEquals("poolName ('  ') must not be blank: leave it unset for tidepool-<n>", failure(valid().poolName("  ")));
        assertEquals("poolName ('a\\nb') must not contain control characters: it prefixes log lines and thread names",
                failure(valid().poolName("a\nb")));
    }

    @Test
    void maxSizeMustBeAtLeastOne() {
        assertEquals("maxSize (0) must be >= 1", failure(valid().maxSize(0)));
        assertEquals("maxSize (-3) must be >= 1", failure(valid().maxSize(-3)));
    }

    @Test
    void minIdleMustBeWithinZeroAndMaxSize() {
        assertEquals("minIdle (12) must be <= maxSize (10)", failure(valid().minIdle(12)));
        assertEquals("minIdle (-1) must be >= 0", failure(valid().minIdle(-1)));
        assertEquals(0, valid().minIdle(0).build().minIdle());
        assertEquals(10, valid().minIdle(10).build().minIdle());
    }

    @Test
    void acquireTimeoutMustBePositive() {
        assertEquals("acquireTimeout (0) must be > 0: a borrower must never wait forever",
                failure(valid().acquireTimeout(Duration.ZERO)));
        assertEquals("acquireTimeout (null) must be > 0: a borrower must never wait forever",
                failure(valid().acquireTimeout(null)));
    }

    @Test
    void validationTimeoutMustBePositiveAndShorterThanAcquireTimeout() {
        assertEquals("validationTimeout (-1s) must be > 0: a validation must never hang",
                failure(valid().validationTimeout(Duration.ofSeconds(-1))));
        // Only a validationTimeout that was set can contradict acquireTimeout (DerivedValidationTimeoutTest).
        assertEquals("validationTimeout (2s) must be < acquireTimeout (2s): a borrow may include one validation; "
                + "lower validationTimeout, or leave it unset for min(5s, acquireTimeout / 4)",
                failure(valid().acquireTimeout(Duration.ofSeconds(2)).validationTimeout(Duration.ofSeconds(2))));
        assertDoesNotThrow(() -> valid().acquireTimeout(Duration.ofSeconds(2)).validationTimeout(Duration.ofMillis(1999)).build());
    }

    @Test
    void textKeysMustNotBeBlankWhenSet() {
        assertEquals("validationQuery ('') must not be blank: leave it unset for Connection.isValid",
                failure(valid().validationQuery("")));
        assertEquals("catalog (' ') must not be blank: leave it unset for the driver's", failure(valid().catalog(" ")));
        assertEquals("schema ('') must not be blank: leave it unset for the driver's", failure(valid().schema("")));
        assertEquals("connectionInitSql ('\\t') must not be blank: leave it unset for none",
                failure(valid().connectionInitSql("\t")));
    }

    @Test
    void offableDurationsMustNotBeNegative() {
        assertEquals("idleTimeout (-1ms) must be >= 0 (0 switches it off)", failure(valid().idleTimeout(Duration.ofMillis(-1))));
        assertEquals("leakThreshold (null) must be >= 0 (0 switches it off)", failure(valid().leakThreshold(null)));
        assertEquals("idleInTransactionThreshold (-2m) must be >= 0 (0 switches it off)",
                failure(valid().idleInTransactionThreshold(Duration.ofMinutes(-2))));
        assertEquals("drainTimeout (-10s) must be >= 0 (0 switches it off)", failure(valid().drainTimeout(Duration.ofSeconds(-10))));
        assertEquals("keepaliveInterval (-1s) must be >= 0 (0 switches it off)",
                failure(valid().keepaliveInterval(Duration.ofSeconds(-1))));
        assertEquals("maxLifetime (-1s) must be >= 0 (0 switches it off)", failure(valid().maxLifetime(Duration.ofSeconds(-1))));
    }

    @Test
    void maxLifetimeIsOffOrAtLeastThirtySeconds() {
        assertEquals("maxLifetime (29s) must be 0 (off) or >= 30s: shorter lifetimes churn connections",
                failure(valid().maxLifetime(Duration.ofSeconds(29)).keepaliveInterval(Duration.ofSeconds(10))));
        assertDoesNotThrow(() -> valid().maxLifetime(Duration.ZERO).build());
        assertDoesNotThrow(() -> valid().maxLifetime(Duration.ofSeconds(30)).keepaliveInterval(Duration.ofSeconds(10)).build());
    }

    @Test
    void keepaliveIntervalIsOffOrAtLeastOneSecondAndShorterThanMaxLifetime() {
        assertEquals("keepaliveInterval (500ms) must be 0 (off) or >= 1s: shorter intervals load the server with validations",
                failure(valid().keepaliveInterval(Duration.ofMillis(500))));
        assertEquals("keepaliveInterval (30m) must be < maxLifetime (30m): every resource would retire before its first keepalive",
                failure(valid().keepaliveInterval(Duration.ofMinutes(30))));
        assertDoesNotThrow(() -> valid().keepaliveInterval(Duration.ZERO).build());
        assertDoesNotThrow(() -> valid().keepaliveInterval(Duration.ofHours(1)).maxLifetime(Duration.ZERO).build());
    }

    @Test
    void durationsMustFitInNanoseconds() {
        assertEquals("idleTimeout (9223372036854775807s) is too long: durations must be under 292 years",
                failure(valid().idleTimeout(Duration.ofSeconds(Long.MAX_VALUE))));
        assertEquals("drainTimeout (2562048h) is too long: durations must be under 292 years",
                failure(valid().drainTimeout(Duration.ofHours(2_562_048))));
    }

    @Test
    void transactionIsolationIsOneOfTheFourLevels() {
        assertEquals("transactionIsolation (0) must be one of READ_UNCOMMITTED (1), READ_COMMITTED (2), "
                + "REPEATABLE_READ (4), SERIALIZABLE (8), or null for the driver's", failure(valid().transactionIsolation(0)));
        assertEquals("transactionIsolation (3) must be one of READ_UNCOMMITTED (1), READ_COMMITTED (2), "
                + "REPEATABLE_READ (4), SERIALIZABLE (8), or null for the driver's", failure(valid().transactionIsolation(3)));
    }

    @Test
    void sessionResetMustBeSet() {
        assertEquals("sessionReset (null) must be auto, always or never", failure(valid().sessionReset(null)));
    }

    @Test
    void pgbouncerMustBeSet() {
        assertEquals("pgbouncer (null) must be auto, transaction, session or off", failure(valid().pgbouncer(null)));
    }

    @Test
    void everyProblemIsReportedAtOnceInKeyOrder() {
        assertEquals("maxSize (0) must be >= 1; acquireTimeout (0) must be > 0: a borrower must never wait forever",
                failure(valid().acquireTimeout(Duration.ZERO).maxSize(0)));
    }

    @Test
    void aContradictionIsNotReportedWhenOneSideIsAlreadyWrong() {
        assertEquals("maxSize (0) must be >= 1", failure(valid().maxSize(0).minIdle(5)));
    }
}
