package dev.tidepool.jdbc.config;

import static dev.tidepool.jdbc.config.ConfigTestSupport.failure;
import static dev.tidepool.jdbc.config.ConfigTestSupport.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tidepool.jdbc.PgBouncerMode;
import dev.tidepool.jdbc.SessionReset;
import dev.tidepool.jdbc.TargetServerType;
import dev.tidepool.jdbc.TidepoolConfig;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FromPropertiesTest {

    static TidepoolConfig.Builder fullBuilder() {
        return TidepoolConfig.builder().jdbcUrl("jdbc:postgresql://db:5432/orders").username("app").password(" s3cret ")
                .driverClassName("org.postgresql.Driver").driverProperty("ssl", "true").driverProperty("ApplicationName", "orders")
                .hosts("db:5432,db-replica:5433").targetServerType(TargetServerType.PREFER_STANDBY)
                .poolName("orders-db").maxSize(20).minIdle(5).acquireTimeout(Duration.ofSeconds(3))
                .validationTimeout(Duration.ofMillis(500)).validationQuery("SELECT 1").idleTimeout(Duration.ofMinutes(5))
                .maxLifetime(Duration.ofHours(1)).keepaliveInterval(Duration.ofSeconds(90)).leakThreshold(Duration.ofSeconds(20))
                .autoCommit(false).transactionIsolation(Connection.TRANSACTION_REPEATABLE_READ).readOnly(true)
                .catalog("orders").schema("app").connectionInitSql("SET TIME ZONE 'UTC'").failFast(false)
                .sessionReset(SessionReset.ALWAYS).idleInTransactionThreshold(Duration.ZERO).drainTimeout(Duration.ofSeconds(2))
                .pgbouncer(PgBouncerMode.SESSION).registerMbeans(true);
    }

    static final String FULL_PROPERTIES = String.join("\n",
            "jdbcUrl = jdbc:postgresql://db:5432/orders",
            "username = app",
            "password = \\ s3cret ",
            "driverClassName = org.postgresql.Driver",
            "driver.ssl = true",
            "driver.ApplicationName = orders",
            "hosts = db:5432,db-replica:5433",
            "targetServerType = PreferStandby",
            "poolName = orders-db",
            "maxSize = 20",
            "minIdle = 5",
            "acquireTimeout = 3s",
            "validationTimeout = 500ms",
            "validationQuery = SELECT 1",
            "idleTimeout = PT5M",
            "maxLifetime = 1h",
            "keepaliveInterval = 90000",
            "leakThreshold = 20s",
            "autoCommit = FALSE",
            "transactionIsolation = repeatable-read",
            "readOnly = true",
            "catalog = orders",
            "schema = app",
            "connectionInitSql = SET TIME ZONE 'UTC'",
            "failFast = false",
            "sessionReset = Always",
            "idleInTransactionThreshold = 0",
            "pgbouncer = Session",
            "drainTimeout = 2s",
            "registerMbeans = true");

    @Test
    void builderAndPropertiesProduceEqualConfigs() throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(FULL_PROPERTIES));
        TidepoolConfig fromProperties = TidepoolConfig.fromProperties(p);
        TidepoolConfig built = fullBuilder().build();
        assertEquals(built, fromProperties);
        assertEquals(built.hashCode(), fromProperties.hashCode());
        assertEquals(built.toString(), fromProperties.toString());
    }

    @Test
    void everyKeyIsReadFromProperties() throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(FULL_PROPERTIES));
        for (String key : TidepoolConfig.keys()) {
            // dataSourceClassName excludes jdbcUrl: DataSourceConfigTest reads it.
            if (!key.equals("driver.<name>") && !key.equals("dataSourceClassName")) {
                assertFalse(p.getProperty(key) == null, key + " is missing from the full example");
            }
        }
    }

    @Test
    void emptyPropertiesNeedOnlyAJdbcUrl() {
        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:h2:mem:x");
        TidepoolConfig c = TidepoolConfig.fromProperties(p);
        assertEquals(10, c.maxSize());
        assertEquals("jdbcUrl is required: set the driver's URL, e.g. jdbc:postgresql://localhost:5432/app"
                + " (or dataSourceClassName, or pass a DataSource to builder().dataSource(ds))",
                failure(new Properties()));
    }

    @Test
    void valuesAreTrimmedButCredentialsAreVerbatim() {
        TidepoolConfig c = TidepoolConfig.fromProperties(props("maxSize", " 7 ", "username", " bob ", "password", " pw ",
                "driver.sslpassword", " x ", "jdbcUrl", " jdbc:h2:mem:x\t"));
        assertEquals(7, c.maxSize());
        assertEquals(" bob ", c.username());
        assertEquals(" pw ", c.password());
        assertEquals(" x ", c.driverProperties().get("sslpassword"));
        assertEquals("jdbc:h2:mem:x", c.jdbcUrl());
    }

    @Test
    void propertiesDefaultsAndNonTextValuesAreRead() {
        Properties defaults = props("maxSize", "4");
        Properties p = new Properties(defaults);
        p.put("minIdle", 2);
        p.put("acquireTimeout", Duration.ofSeconds(9));
        TidepoolConfig c = TidepoolConfig.fromProperties(p);
        assertEquals(4, c.maxSize());
        assertEquals(2, c.minIdle());
        assertEquals(Duration.ofSeconds(9), c.acquireTimeout());
    }

    @Test
    void driverPrefixedKeysPassThroughWithoutThePrefix() {
        TidepoolConfig c = TidepoolConfig.fromProperties(props("driver.ssl", "true", "driver.socketTimeout", "30"));
        assertEquals(Map.of("ssl", "true", "socketTimeout", "30"), c.driverProperties());
        assertEquals("driver.<name> ('') needs a property name after 'driver.', e.g. driver.ssl=true",
                failure(props("driver.", "x")));
    }

    @Test
    void nullPropertiesAreAnIllegalArgument() {
        assertEquals("properties (null) must not be null: pass an empty Properties for the defaults",
                failure(() -> TidepoolConfig.fromProperties(null)));
    }

    @ParameterizedTest(name = "''{0}'' -> ''{1}''")
    @CsvSource({
        "maxPoolSize, maxSize", "maximumPoolSize, maxSize", "minIdel, minIdle", "jdbcURL, jdbcUrl", "url, jdbcUrl",
        "user, username", "pasword, password", "connectionTimeout, acquireTimeout", "acquireTimout, acquireTimeout",
        "leakDetectionThreshold, leakThreshold", "keepaliveTime, keepaliveInterval", "readonly, readOnly",
        "sessionRest, sessionReset", "dataSource.ssl, driver.ssl", "driverClass, driverClassName",
        "spring.datasource.url, jdbcUrl", "tidepool.maxSize, maxSize"})
    void anUnknownKeyIsNamedWithTheKeyItWasProbablyMeantToBe(String unknown, String suggestion) {
        assertEquals("unknown key '" + unknown + "'; did you mean '" + suggestion + "'?", failure(props(unknown, "1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo", "banana", "spring.foo", "x", "driver"})
    void anUnknownKeyFarFromAnyKnownOneGetsNoGuess(String unknown) {
        assertEquals("unknown key '" + unknown + "': see TidepoolConfig.keys() for the known keys, or use driver.<name> "
                + "for a driver property", failure(props(unknown, "1")));
    }

    @Test
    void keysAreExactIncludingCase() {
        assertEquals("unknown key 'MAXSIZE'; did you mean 'maxSize'?", failure(props("MAXSIZE", "3")));
    }

    @ParameterizedTest(name = "{0} = ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "maxSize|abc|maxSize ('abc') is not a whole number",
        "maxSize||maxSize ('') is not a whole number",
        "maxSize|1.5|maxSize ('1.5') is not a whole number",
        "maxSize|99999999999|maxSize ('99999999999') is out of range: use a whole number from -2147483648 to 2147483647",
        "minIdle|-99999999999|minIdle ('-99999999999') is out of range: use a whole number from -2147483648 to 2147483647",
        "maxSize|0|maxSize (0) must be >= 1",
        "minIdle|12|minIdle (12) must be <= maxSize (10)",
        "acquireTimeout|abc|acquireTimeout ('abc') is not a duration: use 500ms, 30s, 2m, 1h, PT30S or milliseconds",
        "acquireTimeout|0|acquireTimeout (0) must be > 0: a borrower must never wait forever",
        "idleTimeout|-5s|idleTimeout ('-5s') must not be negative (0 switches it off)",
        "maxLifetime|10000|maxLifetime (10s) must be 0 (off) or >= 30s: shorter lifetimes churn connections",
        "failFast|yes|failFast ('yes') is not a boolean: use true or false",
        "autoCommit|1|autoCommit ('1') is not a boolean: use true or false",
        "readOnly||readOnly ('') is not a boolean: use true or false",
        "transactionIsolation|3|transactionIsolation ('3') is not an isolation level: use READ_UNCOMMITTED, "
            + "READ_COMMITTED, REPEATABLE_READ, SERIALIZABLE or 1, 2, 4, 8",
        "transactionIsolation|TRANSACTION_NONE|transactionIsolation ('TRANSACTION_NONE') is not an isolation level: use "
            + "READ_UNCOMMITTED, READ_COMMITTED, REPEATABLE_READ, SERIALIZABLE or 1, 2, 4, 8",
        "sessionReset|sometimes|sessionReset ('sometimes') is not a session reset mode: use auto, always or never",
        "pgbouncer|statement|pgbouncer ('statement') is not a mode: use auto, transaction, session or off",
        "validationQuery||validationQuery ('') must not be blank: leave it unset for Connection.isValid"})
    void aBadValueNamesTheKeyTheValueAndTheRule(String key, String value, String message) {
        assertEquals(message, failure(props(key, value == null ? "" : value)));
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource({
        "TRANSACTION_READ_UNCOMMITTED, 1", "READ_UNCOMMITTED, 1", "read-uncommitted, 1", "1, 1",
        "TRANSACTION_READ_COMMITTED, 2", "READ_COMMITTED, 2", "read-committed, 2", "read committed, 2", "2, 2",
        "TRANSACTION_REPEATABLE_READ, 4", "repeatable_read, 4", "4, 4",
        "TRANSACTION_SERIALIZABLE, 8", "serializable, 8", "8, 8"})
    void transactionIsolationAcceptsNamesAndConstants(String text, int level) {
        assertEquals(level, TidepoolConfig.fromProperties(props("transactionIsolation", text)).transactionIsolation());
    }

    @ParameterizedTest
    @CsvSource({"auto, AUTO", "ALWAYS, ALWAYS", "Never, NEVER", " never , NEVER"})
    void sessionResetAcceptsAnyCase(String text, SessionReset mode) {
        assertEquals(mode, TidepoolConfig.fromProperties(props("sessionReset", text)).sessionReset());
    }

    @ParameterizedTest
    @CsvSource({"auto, AUTO", "TRANSACTION, TRANSACTION", "Session, SESSION", " off , OFF"})
    void pgbouncerAcceptsAnyCase(String text, PgBouncerMode mode) {
        assertEquals(mode, TidepoolConfig.fromProperties(props("pgbouncer", text)).pgbouncer());
    }

    @ParameterizedTest
    @CsvSource({"true, true", "TRUE, true", "False, false", " false , false"})
    void booleansAcceptOnlyTrueAndFalseInAnyCase(String text, boolean value) {
        TidepoolConfig c = TidepoolConfig.fromProperties(props("autoCommit", text, "readOnly", text, "failFast", text));
        assertEquals(value, c.autoCommit());
        assertEquals(value, c.readOnly());
        assertEquals(value, c.failFast());
    }

    @Test
    void unsetNullableKeysStayNull() {
        TidepoolConfig c = TidepoolConfig.fromProperties(props());
        assertNull(c.autoCommit());
        assertNull(c.transactionIsolation());
    }

    @Test
    void everyProblemInThePropertiesIsReportedTogether() {
        assertEquals("maxSize ('ten') is not a whole number; failFast ('maybe') is not a boolean: use true or false; "
                + "unknown key 'maxPoolSize'; did you mean 'maxSize'?",
                failure(props("maxSize", "ten", "failFast", "maybe", "maxPoolSize", "3")));
    }
}
