package dev.tidepool.jdbc;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.management.Attribute;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 10, JMX: {@code registerMbeans} registers one MXBean per pool under
 * {@code dev.tidepool:type=Pool,name=<poolName>}, read and operated through the platform MBean
 * server and over a real JMX connector (RMI on a random loopback port), unregistered on close.
 */
class PoolMXBeanTest {
    private static final MBeanServer PLATFORM = ManagementFactory.getPlatformMBeanServer();

    private static TidepoolConfig.Builder config(String name) {
        return Pools.config(Pools.h2Url("tp_jmx")).poolName(name).registerMbeans(true);
    }

    private static ObjectName nameOf(String pool) throws Exception {
        return new ObjectName("dev.tidepool:type=Pool,name=" + pool);
    }

    @Test
    void noMBeanUnlessRegisterMbeansIsOn() throws Exception {
        String pool = Pools.uniqueName("tp_jmx_off");
        try (TidepoolDataSource ds = new TidepoolDataSource(config(pool).registerMbeans(false).build())) {
            assertFalse(PLATFORM.isRegistered(nameOf(pool)));
            assertFalse(ds.config().registerMbeans());
        }
        assertFalse(TidepoolConfig.builder().jdbcUrl("jdbc:h2:mem:x").build().registerMbeans(), "default false");
    }

    @Test
    void thePlatformServerShowsTheStatsAndRunsTheOperationsUntilTheDataSourceCloses() throws Exception {
        String pool = Pools.uniqueName("tp_jmx_platform");
        ObjectName name = nameOf(pool);
        try (TidepoolDataSource ds = new TidepoolDataSource(config(pool).maxSize(3).minIdle(1).build())) {
            assertTrue(PLATFORM.isRegistered(name));
            try (Connection held = ds.getConnection()) {
                held.setAutoCommit(false);
                held.createStatement().execute("select 1 where 'alice' = 'alice'");
                assertEquals(1, PLATFORM.getAttribute(name, "Active"));
                assertEquals(pool, PLATFORM.getAttribute(name, "PoolName"));
                String[] holders = (String[]) PLATFORM.getAttribute(name, "Holders");
                assertEquals(1, holders.length);
                assertTrue(holders[0].startsWith("thread " + Thread.currentThread().getName()), holders[0]);
                assertTrue(holders[0].contains("in transaction") && holders[0].contains("last SQL: select ? where ? = ?"),
                        holders[0]);
                String diagnosis = (String) PLATFORM.invoke(name, "diagnose", null, null);
                assertTrue(diagnosis.startsWith(pool + " - diagnosis (total="), diagnosis);
            }
            PLATFORM.setAttribute(name, new Attribute("MaxSize", 5));
            assertEquals(5, ds.maxSize());
            PLATFORM.setAttribute(name, new Attribute("MinIdle", 2));
            Pools.await("2 idle", () -> ds.stats().idle() >= 2);
            PLATFORM.setAttribute(name, new Attribute("AcquireTimeoutMillis", 1500L));
            assertEquals(Duration.ofMillis(1500), ds.acquireTimeout());
            long destroyedBefore = ds.stats().destroyed();
            PLATFORM.invoke(name, "softEvictAll", null, null);
            Pools.await("evicted", () -> ds.stats().destroyed() > destroyedBefore);
            PLATFORM.invoke(name, "suspend", null, null);
            assertTrue(ds.isSuspended());
            assertEquals(true, PLATFORM.getAttribute(name, "Suspended"));
            PLATFORM.invoke(name, "resume", null, null);
            assertFalse(ds.isSuspended());
            var bad = assertThrows(Exception.class, () -> PLATFORM.setAttribute(name, new Attribute("MaxSize", 0)));
            assertTrue(String.valueOf(rootCause(bad).getMessage()).contains("maxSize (0) must be >= 1"), bad.toString());
            assertEquals(5, ds.maxSize());
        }
        assertFalse(PLATFORM.isRegistered(name), "unregistered on close");
    }

    @Test
    void aSecondPoolWithTheSameNameFailsClearlyAndLeavesNothingRunning() throws Exception {
        String pool = Pools.uniqueName("tp_jmx_clash");
        try (TidepoolDataSource first = new TidepoolDataSource(config(pool).build())) {
            IllegalStateException clash = assertThrows(IllegalStateException.class,
                    () -> new TidepoolDataSource(config(pool).build()));
            assertEquals(pool + " - registerMbeans: an MBean named dev.tidepool:type=Pool,name=" + pool
                    + " is already registered (another pool with poolName '" + pool + "' in this JVM?): give each pool"
                    + " its own poolName, or set registerMbeans=false", clash.getMessage());
            assertEquals(pool, PLATFORM.getAttribute(nameOf(pool), "PoolName"), "the first pool keeps its MBean");
            first.getConnection().close();
        }
        Pools.assertNoThreadsLeft(pool);
        assertFalse(PLATFORM.isRegistered(nameOf(pool)));
    }

    @Test
    void aPoolNameWithReservedCharactersIsQuoted() throws Exception {
        String pool = Pools.uniqueName("tp jmx,odd=name");
        try (TidepoolDataSource ds = new TidepoolDataSource(config(pool).build())) {
            ObjectName name = new ObjectName("dev.tidepool:type=Pool,name=" + ObjectName.quote(pool));
            assertEquals(pool, PLATFORM.getAttribute(name, "PoolName"));
        }
    }

    @Test
    void aJmxClientOverARealConnectorReadsAndOperatesThePool() throws Exception {
        String pool = Pools.uniqueName("tp_jmx_remote");
        JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(
                new JMXServiceURL("rmi", "127.0.0.1", 0), null, PLATFORM);
        server.start();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (TidepoolDataSource ds = new TidepoolDataSource(config(pool).maxSize(2).acquireTimeout(Duration.ofSeconds(10))
                .build());
             JMXConnector client = JMXConnectorFactory.connect(server.getAddress())) {
            assertTrue(server.getAddress().toString().startsWith("service:jmx:rmi://127.0.0.1"), server.getAddress().toString());
            MBeanServerConnection remote = client.getMBeanServerConnection();
            TidepoolPoolMXBean bean = JMX.newMXBeanProxy(remote, nameOf(pool), TidepoolPoolMXBean.class);
            assertEquals(pool, bean.getPoolName());
            assertEquals(2, bean.getMaxSize());
            bean.setMaxSize(4);
            assertEquals(4, ds.maxSize());
            bean.suspend();
            assertTrue(ds.isSuspended() && bean.isSuspended());
            Future<Boolean> borrower = executor.submit(() -> {
                try (Connection c = ds.getConnection()) {
                    return c.isValid(1);
                }
            });
            Pools.await("a borrower waits for the resume", () -> bean.getWaiting() == 1);
            bean.resume();
            assertTrue(borrower.get(5, TimeUnit.SECONDS));
            assertTrue(bean.diagnose().contains(pool), "diagnosis names the pool");
            assertTrue(bean.getCreated() >= 1);
            var failure = assertThrows(IllegalArgumentException.class, () -> bean.setMinIdle(9));
            assertEquals("minIdle (9) must be <= maxSize (4): raise maxSize first", failure.getMessage());
        } finally {
            executor.shutdownNow();
            server.stop();
        }
    }

    @Test
    void noAttributeNorOperationResultCarriesThePassword() throws Exception {
        String pool = Pools.uniqueName("tp_jmx_secret");
        String secret = "tp_jmx_Pw_Secret1";
        String wrong = "tp_jmx_Wrong_Secret2";
        String url = Pools.h2Url("tp_jmx_secret");
        try (TidepoolDataSource ds = new TidepoolDataSource(TidepoolConfig.builder().jdbcUrl(url).username("sa").password(secret)
                .poolName(pool).maxSize(2).minIdle(0).acquireTimeout(Duration.ofMillis(800))
                .validationTimeout(Duration.ofMillis(200)).registerMbeans(true).build())) {
            assertThrows(SQLException.class, () -> ds.getConnection("sa", wrong)); // a failure with the wrong one
            try (Connection held = ds.getConnection()) {
                held.createStatement().execute("select '" + secret + "'");
                List<String> seen = everything(PLATFORM, nameOf(pool));
                assertTrue(seen.stream().anyMatch(v -> v.contains("password=****")), "the configuration is shown, masked");
                assertTrue(seen.stream().anyMatch(v -> v.startsWith("AUTH") || v.contains("Wrong user name or password")),
                        "the connect failure is shown: " + seen);
                for (String value : seen) {
                    assertFalse(value.contains(secret) || value.contains(wrong), "a password in JMX: " + value);
                }
            }
        }
    }

    /** Every readable attribute (arrays element by element) and the diagnosis, as text. */
    static List<String> everything(MBeanServerConnection server, ObjectName name) throws Exception {
        List<String> values = new ArrayList<>();
        for (MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
            Object v = server.getAttribute(name, a.getName());
            if (v instanceof String[]) {
                values.addAll(List.of((String[]) v));
            } else {
                values.add(String.valueOf(v));
            }
        }
        values.add((String) server.invoke(name, "diagnose", null, null));
        return values;
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
