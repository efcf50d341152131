package dev.tidepool.jdbc.config;

import static dev.tidepool.jdbc.config.ConfigTestSupport.URL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.core.PoolListener;
import dev.tidepool.core.PoolSettings;
import dev.tidepool.core.Ticker;
import dev.tidepool.jdbc.SessionReset;
import dev.tidepool.jdbc.TidepoolConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultsTest {

    private final TidepoolConfig config = TidepoolConfig.builder().jdbcUrl(URL).build();

    @Test
    void everyKeyHasItsDocumentedDefault() {
        assertEquals(URL, config.jdbcUrl());
        assertNull(config.username());
        assertNull(config.password());
        assertNull(config.driverClassName());
        assertEquals(Map.of(), config.driverProperties());
        assertNull(config.poolName(), "numbered when a pool starts (PoolNumberingTest)");
        assertEquals(10, config.maxSize());
        assertEquals(10, config.minIdle());
        assertEquals(Duration.ofSeconds(30), config.acquireTimeout());
        assertEquals(Duration.ofSeconds(5), config.validationTimeout());
        assertNull(config.validationQuery());
        assertEquals(Duration.ofMinutes(10), config.idleTimeout());
        assertEquals(Duration.ofMinutes(30), config.maxLifetime());
        assertEquals(Duration.ofMinutes(2), config.keepaliveInterval());
        assertEquals(Duration.ZERO, config.leakThreshold());
        assertNull(config.autoCommit());
        assertNull(config.transactionIsolation());
        assertNull(config.readOnly());
        assertNull(config.catalog());
        assertNull(config.schema());
        assertNull(config.connectionInitSql());
        assertTrue(config.failFast());
        assertEquals(SessionReset.AUTO, config.sessionReset());
        assertEquals(Duration.ofSeconds(10), config.idleInTransactionThreshold());
        assertEquals(Duration.ofSeconds(10), config.drainTimeout());
    }

    @Test
    void keysAreListedInTheDesignTableOrderThenDrainTimeoutAndRegisterMbeans() {
        assertEquals(List.of("jdbcUrl", "username", "password", "driverClassName", "dataSourceClassName",
                "driver.<name>", "hosts", "targetServerType", "poolName",
                "maxSize", "minIdle", "acquireTimeout", "validationTimeout", "validationQuery", "idleTimeout",
                "maxLifetime", "keepaliveInterval", "leakThreshold", "autoCommit", "transactionIsolation", "readOnly",
                "catalog", "schema", "connectionInitSql", "failFast", "sessionReset", "idleInTransactionThreshold",
                "pgbouncer", "drainTimeout", "registerMbeans"), TidepoolConfig.keys());
    }

    @Test
    void defaultOfDescribesEveryDefaultAsTheDocsWriteIt() {
        assertEquals("required, or dataSourceClassName", TidepoolConfig.defaultOf("jdbcUrl"));
        assertEquals("none", TidepoolConfig.defaultOf("password"));
        assertEquals("from the URL", TidepoolConfig.defaultOf("driverClassName"));
        assertEquals("tidepool-<n>", TidepoolConfig.defaultOf("poolName"));
        assertEquals("10", TidepoolConfig.defaultOf("maxSize"));
        assertEquals("= maxSize", TidepoolConfig.defaultOf("minIdle"));
        assertEquals("30s", TidepoolConfig.defaultOf("acquireTimeout"));
        assertEquals("min(5s, acquireTimeout / 4)", TidepoolConfig.defaultOf("validationTimeout"));
        assertEquals("10m", TidepoolConfig.defaultOf("idleTimeout"));
        assertEquals("30m", TidepoolConfig.defaultOf("maxLifetime"));
        assertEquals("2m", TidepoolConfig.defaultOf("keepaliveInterval"));
        assertEquals("0", TidepoolConfig.defaultOf("leakThreshold"));
        assertEquals("driver's", TidepoolConfig.defaultOf("transactionIsolation"));
        assertEquals("true", TidepoolConfig.defaultOf("failFast"));
        assertEquals("auto", TidepoolConfig.defaultOf("sessionReset"));
        assertEquals("auto", TidepoolConfig.defaultOf("pgbouncer"));
        assertEquals("10s", TidepoolConfig.defaultOf("idleInTransactionThreshold"));
        assertEquals("10s", TidepoolConfig.defaultOf("drainTimeout"));
        assertEquals("false", TidepoolConfig.defaultOf("registerMbeans"));
        assertEquals("none", TidepoolConfig.defaultOf("driver.ssl"));
        for (String key : TidepoolConfig.keys()) {
            assertFalse(TidepoolConfig.defaultOf(key).isBlank(), key);
        }
    }

    @Test
    void defaultOfAnUnknownKeyNamesIt() {
        assertEquals("unknown key 'maxPoolSize': see TidepoolConfig.keys()",
                ConfigTestSupport.failure(() -> TidepoolConfig.defaultOf("maxPoolSize")));
        assertEquals("unknown key null: see TidepoolConfig.keys()",
                ConfigTestSupport.failure(() -> TidepoolConfig.defaultOf(null)));
    }

    @Test
    void minIdleFollowsMaxSizeUntilSetAndThroughToBuilder() {
        TidepoolConfig fixed = ConfigTestSupport.valid().maxSize(4).build();
        assertEquals(4, fixed.minIdle());
        assertEquals(20, fixed.toBuilder().maxSize(20).build().minIdle());
        TidepoolConfig elastic = ConfigTestSupport.valid().maxSize(4).minIdle(1).build();
        assertEquals(1, elastic.toBuilder().maxSize(20).build().minIdle());
    }

    @Test
    void toBuilderCopiesEveryKey() {
        TidepoolConfig full = FromPropertiesTest.fullBuilder().build();
        assertEquals(full, full.toBuilder().build());
        assertEquals(full.toString(), full.toBuilder().build().toString());
        assertEquals(full.hashCode(), full.toBuilder().build().hashCode());
        assertNotEquals(full, full.toBuilder().maxSize(21).build());
    }

    @Test
    void toPoolSettingsCarriesNameSizesAndDurations() {
        TidepoolConfig c = ConfigTestSupport.valid().maxSize(7).minIdle(2).acquireTimeout(Duration.ofSeconds(3))
                .validationTimeout(Duration.ofSeconds(1)).idleTimeout(Duration.ofMinutes(1))
                .maxLifetime(Duration.ofMinutes(5)).keepaliveInterval(Duration.ofSeconds(30))
                .leakThreshold(Duration.ofSeconds(20)).drainTimeout(Duration.ZERO).build();
        Ticker ticker = () -> 42L;
        PoolListener listener = new PoolListener() { };
        PoolSettings s = c.toPoolSettings(ticker, listener);
        assertEquals("orders-db", s.name());
        assertEquals(7, s.maxSize());
        assertEquals(2, s.minIdle());
        assertEquals(Duration.ofSeconds(3), s.acquireTimeout());
        assertEquals(Duration.ofSeconds(1), s.validationTimeout());
        assertEquals(Duration.ofMinutes(1), s.idleTimeout());
        assertEquals(Duration.ofMinutes(5), s.maxLifetime());
        assertEquals(Duration.ofSeconds(30), s.keepaliveInterval());
        assertEquals(Duration.ofSeconds(20), s.leakThreshold());
        assertEquals(Duration.ZERO, s.drainTimeout());
        assertEquals(ticker, s.ticker());
        assertEquals(listener, s.listener());
    }

    @Test
    void toPoolSettingsRejectsNullCollaboratorsWithoutNullPointerException() {
        TidepoolConfig c = ConfigTestSupport.valid().build();
        assertEquals("ticker (null) must not be null: use Ticker.SYSTEM",
                ConfigTestSupport.failure(() -> c.toPoolSettings(null, PoolListener.NONE)));
        assertEquals("listener (null) must not be null: use PoolListener.NONE",
                ConfigTestSupport.failure(() -> c.toPoolSettings(Ticker.SYSTEM, null)));
    }

    @Test
    void driverPropertiesCannotBeModified() {
        TidepoolConfig c = ConfigTestSupport.valid().driverProperty("ssl", "true").build();
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                () -> c.driverProperties().put("x", "y"));
    }
}
