package dev.tidepool.cli.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SqlServerUrlTest {

    @Test
    void hostInstancePortDatabaseAndTlsOptionsAreRead() {
        SqlServerUrl u = SqlServerUrl.parse("jdbc:sqlserver://db1\\SQLEXPRESS:1500;databaseName=orders;"
                + "Encrypt=strict;trustServerCertificate=true;hostNameInCertificate=*.example.net");
        assertEquals("db1", u.host());
        assertEquals("SQLEXPRESS", u.instance());
        assertEquals(1500, u.port());
        assertEquals("orders", u.database());
        assertEquals("strict", u.encrypt());
        assertFalse(u.needsBrowser(), "a port is given");
        assertEquals("encrypt=strict, trustServerCertificate=true, hostNameInCertificate=*.example.net", u.tlsSettings());
    }

    @Test
    void aNamedInstanceWithoutAPortNeedsTheBrowserAndTheDefaultsAreTheDrivers() {
        SqlServerUrl u = SqlServerUrl.parse("jdbc:sqlserver://db1\\SQLEXPRESS;database={a;b}");
        assertTrue(u.needsBrowser());
        assertNull(u.port());
        assertEquals("a;b", u.database());
        assertEquals("encrypt=true (the driver's default), trustServerCertificate=false", u.tlsSettings());
        assertEquals(new JdbcTarget("sqlserver", "db1", 0, "a;b"), JdbcTarget.parse("jdbc:sqlserver://db1\\SQLEXPRESS;database={a;b}"));
        assertEquals(new JdbcTarget("sqlserver", "localhost", 1433, null), JdbcTarget.parse("jdbc:sqlserver://"));
    }

    @Test
    void serverInstanceAndPortMayStandInTheProperties() {
        SqlServerUrl u = SqlServerUrl.parse("jdbc:sqlserver://;serverName=db2;instanceName=SALES;portNumber=1600");
        assertEquals("db2", u.host());
        assertEquals("SALES", u.instance());
        assertEquals(1600, u.port());
    }

    @Test
    void theDriverGetsTheResolvedPortAndNoInstance() {
        SqlServerUrl u = SqlServerUrl.parse("jdbc:sqlserver://db1\\SQLEXPRESS;instanceName=X;databaseName=orders;encrypt=false");
        assertEquals("jdbc:sqlserver://db1:50123;databaseName=orders;encrypt=false", u.driverUrl(50123));
    }

    @Test
    void aBadPortIsRejectedWithTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JdbcTarget.parse("jdbc:sqlserver://db1:port;databaseName=x"));
        assertTrue(e.getMessage().contains("db1:1433"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SqlServerUrl.parse("jdbc:sqlserver://db1;portNumber=0"));
    }
}
