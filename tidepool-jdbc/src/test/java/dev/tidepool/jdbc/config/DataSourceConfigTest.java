package dev.tidepool.jdbc.config;

import static dev.tidepool.jdbc.config.ConfigTestSupport.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The three sources of connections, of which a configuration names exactly one (issue 10). */
class DataSourceConfigTest {

    private static Properties h2DataSource(String database) {
        Properties p = new Properties();
        p.setProperty("dataSourceClassName", "org.h2.jdbcx.JdbcDataSource");
        p.setProperty("driver.url", "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1");
        p.setProperty("username", "sa");
        p.setProperty("poolName", "tp-ds-config");
        return p;
    }

    @Test
    void dataSourceClassNameIsReadFromPropertiesAndItsDriverKeysBecomeItsProperties() throws Exception {
        TidepoolConfig config = TidepoolConfig.fromProperties(h2DataSource("tp_ds_props"));
        assertEquals("org.h2.jdbcx.JdbcDataSource", config.dataSourceClassName());
        assertNull(config.jdbcUrl());
        try (TidepoolDataSource ds = new TidepoolDataSource(config);
             Connection c = ds.getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT DATABASE()")) {
            rs.next();
            assertEquals("TP_DS_PROPS", rs.getString(1), "the url property reached the data source");
        }
    }

    @Test
    void aPropertyTheDataSourceDoesNotHaveIsNamedWithTheOnesItHas() {
        Properties p = h2DataSource("tp_ds_bad");
        p.setProperty("driver.sslMode", "require");
        String message = failure(() -> new TidepoolDataSource(TidepoolConfig.fromProperties(p)));
        assertTrue(message.startsWith("tp-ds-config - driver.sslMode (a property of org.h2.jdbcx.JdbcDataSource) has no "
                + "public setSslMode method taking text, a number or a boolean: check the spelling; its properties are "), message);
        assertTrue(message.contains("url"), message);
    }

    @Test
    void aClassThatIsNotADataSourceIsRefusedBeforeAnythingStarts() {
        Properties p = h2DataSource("tp_ds_notds");
        p.setProperty("dataSourceClassName", "org.h2.Driver");
        assertEquals("tp-ds-config - dataSourceClassName (org.h2.Driver) is not a javax.sql.DataSource: name the "
                + "driver's data source, e.g. org.postgresql.ds.PGSimpleDataSource",
                failure(() -> new TidepoolDataSource(TidepoolConfig.fromProperties(p))));
    }

    @Test
    void exactlyOneSourceOfConnections() {
        Properties p = h2DataSource("tp_ds_two");
        p.setProperty("jdbcUrl", "jdbc:h2:mem:x");
        assertEquals("jdbcUrl and dataSourceClassName are both set: set exactly one source of connections "
                + "(a data source that needs a URL takes it as driver.url)", failure(p));
        DataSource object = new org.h2.jdbcx.JdbcDataSource();
        assertTrue(failure(TidepoolConfig.builder().jdbcUrl("jdbc:h2:mem:x").dataSourceClassName("a.B").dataSource(object))
                .startsWith("jdbcUrl and dataSourceClassName and dataSource are all set"));
        assertEquals("driver.<name> keys do not apply to a dataSource object: configure the DataSource itself",
                failure(TidepoolConfig.builder().dataSource(object).driverProperty("url", "jdbc:h2:mem:y")));
        assertEquals("driverClassName ('org.h2.Driver') applies only with jdbcUrl: remove it (the data source is its "
                + "driver's)", failure(TidepoolConfig.builder().dataSource(object).driverClassName("org.h2.Driver")));
    }

    @Test
    void aDataSourcesUrlIsShownWithItsSecretsMasked() {
        TidepoolConfig c = TidepoolConfig.builder().dataSourceClassName("org.postgresql.ds.PGSimpleDataSource")
                .driverProperty("url", "jdbc:postgresql://db/app?user=app&password=Hunter2x").poolName("p").build();
        assertTrue(!c.toString().contains("Hunter2x"), c.toString());
        assertTrue(c.toString().contains("driver.url=jdbc:postgresql://db/app?user=app&password=****"), c.toString());
    }

    @Test
    void aDataSourceObjectIsComparedByIdentityAndShownByClass() {
        DataSource object = new org.h2.jdbcx.JdbcDataSource();
        TidepoolConfig a = TidepoolConfig.builder().dataSource(object).poolName("p").build();
        assertEquals(a, a.toBuilder().build());
        assertTrue(!a.equals(TidepoolConfig.builder().dataSource(new org.h2.jdbcx.JdbcDataSource()).poolName("p").build()));
        assertTrue(a.toString().contains("dataSource=org.h2.jdbcx.JdbcDataSource"), a.toString());
    }
}
