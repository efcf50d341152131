package dev.tidepool.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tidepool.jdbc.TidepoolConfig;
import java.sql.Connection;
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
}
