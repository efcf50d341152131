package dev.tidepool.jdbc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.core.DestroyReason;
import dev.tidepool.core.PoolListener;
import dev.tidepool.jdbc.ConnectFailure;
import dev.tidepool.jdbc.HostStatus;
import dev.tidepool.jdbc.TargetServerType;
import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.Poll;
import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.TestDatabases;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Routing over a real primary (5433) and streaming replica (5434), issue 12: each physical
 * connection goes to one host, chosen by targetServerType and checked by asking the server.
 * The last test stops and restarts the replica, so the order is fixed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("cluster")
class ClusterRoutingTest {
    private static final int SIZE = 6;

    @BeforeAll
    static void freshPair() throws Exception {
        PgPair.create();
    }

    @AfterAll
    static void removePair() throws Exception {
        PgPair.drop();
    }

    private static TidepoolConfig.Builder pool(String hosts) {
        return TidepoolConfig.builder().jdbcUrl(PgPair.URL).hosts(hosts).username("postgres").maxSize(SIZE)
                .acquireTimeout(Duration.ofSeconds(10)).validationTimeout(Duration.ofSeconds(1))
                .maxLifetime(Duration.ofSeconds(30)).keepaliveInterval(Duration.ofSeconds(10)).poolName("tp-cluster-routing");
    }

    /** Borrows every connection of the pool at once and answers, per server port, how many are on it and whether in recovery. */
    private static Map<Integer, Integer> portsOfAllConnections(TidepoolDataSource ds, List<Boolean> inRecovery)
            throws Exception {
        List<Connection> held = new ArrayList<>();
        Map<Integer, Integer> ports = new HashMap<>();
        try {
            for (int i = 0; i < SIZE; i++) {
                Connection c = ds.getConnection();
                held.add(c);
                try (Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("SELECT inet_server_port(), pg_is_in_recovery()")) {
                    r.next();
                    ports.merge(r.getInt(1), 1, Integer::sum);
                    inRecovery.add(r.getBoolean(2));
                }
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        return ports;
    }

    private static HostStatus host(TidepoolDataSource ds, int port) {
        return ds.hosts().stream().filter(h -> h.host().endsWith(":" + port)).findFirst().orElseThrow();
    }

    @Test
    @Order(1)
    void aPrimaryPoolOpensEveryConnectionOnThePrimaryWhereverItIsListed() throws Exception {
        String replicaFirst = "127.0.0.1:" + PgPair.REPLICA_PORT + ",127.0.0.1:" + PgPair.PRIMARY_PORT;
        try (TidepoolDataSource ds = new TidepoolDataSource(pool(replicaFirst).build())) {
            List<Boolean> recovery = new ArrayList<>();
            assertEquals(Map.of(PgPair.PRIMARY_PORT, SIZE), portsOfAllConnections(ds, recovery));
            assertFalse(recovery.contains(true), "a primary pool lent a session in recovery");
            assertEquals("standby", host(ds, PgPair.REPLICA_PORT).role(), "asked, then passed over: " + ds.hosts());
            assertEquals("primary", host(ds, PgPair.PRIMARY_PORT).role());
            assertEquals(SIZE, host(ds, PgPair.PRIMARY_PORT).open());
            assertEquals(0, host(ds, PgPair.REPLICA_PORT).open());
        }
    }

    @Test
    @Order(2)
    void aHostListInTheUrlWorksLikeTheHostsKey() throws Exception {
        TidepoolConfig config = pool(null).jdbcUrl("jdbc:postgresql://127.0.0.1:" + PgPair.REPLICA_PORT
                + ",127.0.0.1:" + PgPair.PRIMARY_PORT + "/postgres?connectTimeout=2&socketTimeout=5").build();
        try (TidepoolDataSource ds = new TidepoolDataSource(config)) {
            assertEquals(Map.of(PgPair.PRIMARY_PORT, SIZE), portsOfAllConnections(ds, new ArrayList<>()));
        }
    }

    @Test
    @Order(3)
    void aReadOnlyPoolGoesToTheReplicaEvenWhenThePrimaryIsListedFirst() throws Exception {
        try (TidepoolDataSource ds = new TidepoolDataSource(pool(PgPair.HOSTS).readOnly(true).build())) {
            assertEquals(TargetServerType.PREFER_STANDBY, ds.config().effectiveTargetServerType());
            List<Boolean> recovery = new ArrayList<>();
            assertEquals(Map.of(PgPair.REPLICA_PORT, SIZE), portsOfAllConnections(ds, recovery));
            assertFalse(recovery.contains(false), "a read pool got a primary session while the standby was up");
        }
    }

    @Test
    @Order(4)
    void aStandbyPoolRefusesThePrimary() throws Exception {
        try (TidepoolDataSource ds = new TidepoolDataSource(pool(PgPair.HOSTS)
                .targetServerType(TargetServerType.STANDBY).build())) {
            assertEquals(Map.of(PgPair.REPLICA_PORT, SIZE), portsOfAllConnections(ds, new ArrayList<>()));
        }
        String primaryOnly = "127.0.0.1:" + PgPair.PRIMARY_PORT;
        SQLException e = assertThrows(SQLException.class, () -> new TidepoolDataSource(pool(primaryOnly)
                .targetServerType(TargetServerType.STANDBY).acquireTimeout(Duration.ofSeconds(1))
                .validationTimeout(Duration.ofMillis(500)).build()).close());
        assertTrue(String.valueOf(e.getCause()).contains("127.0.0.1:5433 is a primary"), String.valueOf(e.getCause()));
    }

    @Test
    @Order(5)
    void anAnyPoolSpreadsItsConnectionsOverBothHosts() throws Exception {
        try (TidepoolDataSource ds = new TidepoolDataSource(pool(PgPair.HOSTS).targetServerType(TargetServerType.ANY).build())) {
            awaitTotal(ds, SIZE);
            Map<Integer, Integer> ports = portsOfAllConnections(ds, new ArrayList<>());
            assertTrue(ports.getOrDefault(PgPair.PRIMARY_PORT, 0) >= SIZE / 2 - 1
                    && ports.getOrDefault(PgPair.REPLICA_PORT, 0) >= SIZE / 2 - 1, "spread: " + ports);
        }
    }

    @Test
    @Order(6)
    void anUnreachableHostBacksOffAndTheOthersServe() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // free once closed: connects are refused
        }
        try (TidepoolDataSource ds = new TidepoolDataSource(pool("127.0.0.1:" + closedPort + "," + PgPair.HOSTS).build())) {
            assertEquals(Map.of(PgPair.PRIMARY_PORT, SIZE), portsOfAllConnections(ds, new ArrayList<>()));
            HostStatus dead = host(ds, closedPort);
            assertEquals(ConnectFailure.REFUSED, dead.lastFailure(), ds.hosts().toString());
            assertEquals(0, dead.open());
        }
    }

    @Test
    @Order(7)
    void roleChecksWorkOnMariaDbToo() throws Exception {
        DbTarget maria = TestDatabases.requireAvailable(TestDatabases.mariadb());
        TidepoolConfig.Builder b = TidepoolConfig.builder().jdbcUrl(maria.url()).username(maria.user()).password(maria.password())
                .maxSize(1).acquireTimeout(Duration.ofSeconds(2)).validationTimeout(Duration.ofMillis(500))
                .poolName("tp-cluster-maria");
        try (TidepoolDataSource ds = new TidepoolDataSource(b.targetServerType(TargetServerType.PRIMARY).build());
             Connection c = ds.getConnection()) {
            assertTrue(c.isValid(1));
            assertEquals("primary", ds.hosts().get(0).role(), "read_only=0 on the local MariaDB");
        }
        SQLException e = assertThrows(SQLException.class,
                () -> new TidepoolDataSource(b.targetServerType(TargetServerType.STANDBY).build()).close());
        assertTrue(String.valueOf(e.getCause()).contains("is a primary"), String.valueOf(e.getCause()));
    }

    /**
     * A lost host's idle connections go at once; when it comes back, connections move back to it
     * within about one maxLifetime (30 s here), one at a time.
     */
    @Test
    @Order(8)
    void aLostHostsIdleConnectionsGoAtOnceAndItGetsItsShareBackWithinAMaxLifetime() throws Exception {
        try (TidepoolDataSource ds = new TidepoolDataSource(pool(PgPair.HOSTS).targetServerType(TargetServerType.ANY).build())) {
            awaitTotal(ds, SIZE);
            // Hold every connection to learn its host, then keep one replica connection and return the rest.
            List<Connection> held = new ArrayList<>();
            Connection onReplica = null;
            for (int i = 0; i < SIZE; i++) {
                Connection c = ds.getConnection();
                if (onReplica == null && port(c) == PgPair.REPLICA_PORT) {
                    onReplica = c;
                } else {
                    held.add(c);
                }
            }
            for (Connection c : held) {
                c.close();
            }
            assertTrue(onReplica != null && host(ds, PgPair.REPLICA_PORT).open() >= 2, "spread first: " + ds.hosts());
            PgPair.stopReplicaImmediately();
            Connection lost = onReplica;
            assertThrows(SQLException.class, () -> port(lost), "the replica is gone");
            // Its fatal error marked the host: the idle replica connections go now, the borrowed one stays counted.
            assertTrue(poll(Duration.ofSeconds(5), () -> host(ds, PgPair.REPLICA_PORT).open() == 1),
                    "idle replica connections destroyed at once: " + ds.hosts());
            lost.close();
            assertTrue(poll(Duration.ofSeconds(5), () -> host(ds, PgPair.REPLICA_PORT).open() == 0),
                    "the borrowed one destroyed on return: " + ds.hosts());
            for (int i = 0; i < 2 * SIZE; i++) {
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.execute("SELECT 1"); // no failure: nothing left on the lost host
                }
            }
            // From here on nothing is lost: every connection closed on return moves to the replica (or reached maxLifetime).
            ConcurrentLinkedQueue<DestroyReason> destroyed = new ConcurrentLinkedQueue<>();
            ds.addListener(new PoolListener() {
                @Override
                public boolean wantsTimings() {
                    return false;
                }

                @Override
                public void destroyed(DestroyReason reason) {
                    destroyed.add(reason);
                }
            });
            PgPair.startReplica();
            long start = System.nanoTime();
            boolean shared = poll(Duration.ofSeconds(45), () -> {
                portsOfAllConnections(ds, new ArrayList<>()); // every connection is borrowed and returned
                return host(ds, PgPair.REPLICA_PORT).open() >= SIZE / 2;
            });
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.println("[cluster-figures] rebalance: replica back to " + host(ds, PgPair.REPLICA_PORT).open()
                    + " of " + SIZE + " connections " + millis + " ms after it restarted (maxLifetime 30 s)");
            assertTrue(shared, "the replica got its share back: " + ds.hosts());
            assertTrue(destroyed.contains(DestroyReason.REBALANCED), "moved by rebalancing, and heard so: " + destroyed);
            assertFalse(destroyed.contains(DestroyReason.BROKEN), "a healthy connection moved is not broken: " + destroyed);
        }
    }

    private static int port(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT inet_server_port()")) {
            r.next();
            return r.getInt(1);
        }
    }

    private static void awaitTotal(TidepoolDataSource ds, int total) throws Exception {
        assertTrue(poll(Duration.ofSeconds(10), () -> ds.stats().total() == total), ds.stats().counts());
    }

    static boolean poll(Duration bound, Poll.Condition condition) throws Exception {
        return Poll.within(bound, condition);
    }
}
