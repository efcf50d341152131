package dev.tidepool.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.Poll;
import dev.tidepool.testkit.StubDataSource;
import dev.tidepool.testkit.StubDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Which source a configuration gets, and what each tells the pool about its database. */
class ConnectionSourceTest {

    @Test
    void aJdbcUrlGetsADriverSourceThatCanAlsoReachAnotherUrlOfItsDriver() throws Exception {
        ConnectionSource source = ConnectionSource.of(TidepoolConfig.builder().jdbcUrl("jdbc:h2:mem:tp_src_a").poolName("p").build());
        assertEquals("jdbcUrl 'jdbc:h2:mem:tp_src_a'", source.describe());
        assertEquals(DeadConnectionClassifier.Vendor.H2, source.vendor());
        Properties credentials = new Properties();
        credentials.setProperty("user", "sa");
        try (Connection c = source.connect("jdbc:h2:mem:tp_src_b", credentials)) {
            assertEquals("jdbc:h2:mem:tp_src_b", c.getMetaData().getURL());
        }
    }

    @Test
    void aDataSourceClassGetsItsVendorFromItsPackageAndConnectsOnlyToItsOwnTarget() {
        ConnectionSource source = ConnectionSource.of(TidepoolConfig.builder().dataSourceClassName("org.postgresql.ds.PGSimpleDataSource")
                .driverProperty("url", "jdbc:postgresql://127.0.0.1:5432/test").poolName("p").build());
        assertEquals(DeadConnectionClassifier.Vendor.POSTGRESQL, source.vendor());
        assertEquals("jdbc:postgresql:", source.setupUrl(), "the pool may add PostgreSQL's login bounds to a data source it created");
        assertEquals("dataSourceClassName org.postgresql.ds.PGSimpleDataSource", source.describe());
        assertThrows(UnsupportedOperationException.class, () -> source.connect("jdbc:postgresql://other/test", new Properties()));
    }

    @Test
    void aCreatedDataSourceWithoutVendorBoundsGetsLoginTimeoutSoASilentServerCannotHoldAWorker() throws Exception {
        try (StubDatabase db = StubDatabase.create()) {
            db.blockConnects(); // accepts and says nothing, like a hung server
            TidepoolConfig config = TidepoolConfig.builder().dataSourceClassName(StubDataSource.class.getName())
                    .driverProperty("url", db.url()).poolName("tp_src_login").failFast(false).maxSize(1).minIdle(1)
                    .acquireTimeout(Duration.ofSeconds(1)).validationTimeout(Duration.ofMillis(500)).build();
            try (TidepoolDataSource ds = new TidepoolDataSource(config)) {
                // Without a login bound the stub would hold the first connect for a minute (StubDatabase.MAX_BLOCK).
                Poll.until("the blocked connect failed after loginTimeout (1 s)", Duration.ofSeconds(15),
                        () -> ds.stats().createFailures() >= 1);
            } finally {
                db.unblockConnects();
            }
        }
    }

    @Test
    void aLoginTimeoutTheConfigurationChoseIsKeptAndAnUnsetOneIsAcquireTimeout() {
        ConnectionSource source = ConnectionSource.of(TidepoolConfig.builder().dataSourceClassName(StubDataSource.class.getName())
                .driverProperty("url", "jdbc:stub:x").driverProperty("loginTimeout", "7").poolName("p").build());
        assertEquals(7, ((DataSourceSource) source).loginTimeoutSeconds());
        ConnectionSource unset = ConnectionSource.of(TidepoolConfig.builder().dataSourceClassName(StubDataSource.class.getName())
                .driverProperty("url", "jdbc:stub:x").acquireTimeout(Duration.ofMillis(2500)).poolName("p").build());
        assertEquals(3, ((DataSourceSource) unset).loginTimeoutSeconds(), "acquireTimeout in whole seconds, rounded up");
    }
}
