package dev.tidepool.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each fault of the proxy, seen through plain JDBC against real PostgreSQL and MariaDB. */
@Tag("fault")
class FaultProxyTest {

    private static final Duration BOUND = Duration.ofSeconds(15);

    static Stream<DbTarget> servers() {
        return Stream.of(TestDatabases.postgres(), TestDatabases.mariadb());
    }

    /** Driver parameters bounding connect and every read to about a second, so faults surface fast. */
    private static String oneSecondTimeouts(DbTarget target) {
        if (DbTarget.POSTGRESQL.equals(target.vendor())) {
            return "socketTimeout=1&connectTimeout=2&loginTimeout=2&sslmode=disable";
        }
        return "socketTimeout=1000&connectTimeout=2000";
    }

    private static Connection connect(DbTarget target, FaultProxy proxy) throws SQLException {
        return target.connect(target.urlVia(proxy.port(), oneSecondTimeouts(target)));
    }

    private static int selectOne(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void assertWorks(DbTarget target, FaultProxy proxy) throws SQLException {
        try (Connection c = connect(target, proxy)) {
            assertEquals(1, selectOne(c));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void passForwardsQueriesAndClosesFlowsWithTheirConnections(DbTarget server) throws Exception {
        DbTarget target = TestDatabases.requireAvailable(server);
        try (FaultProxy proxy = FaultProxy.start(target.host(), target.port())) {
            try (Connection c = connect(target, proxy)) {
                assertEquals(1, selectOne(c));
                assertEquals(1, proxy.acceptedConnections());
                assertEquals(1, proxy.activeFlows());
            }
            Poll.until("flow closed after the connection closed", BOUND, () -> proxy.activeFlows() == 0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void resetAllBreaksCurrentConnectionsWhileNewOnesWork(DbTarget server) throws Exception {
        DbTarget target = TestDatabases.requireAvailable(server);
        try (FaultProxy proxy = FaultProxy.start(target.host(), target.port());
             Connection old = connect(target, proxy)) {
            assertEquals(1, selectOne(old));
            proxy.resetAll();
            assertEquals(0, proxy.activeFlows());
            assertTimeoutPreemptively(BOUND, () -> assertThrows(SQLException.class, () -> selectOne(old)));
            assertWorks(target, proxy);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void blackholeStallsQueriesUntilSocketTimeout(DbTarget server) throws Exception {
        DbTarget target = TestDatabases.requireAvailable(server);
        try (FaultProxy proxy = FaultProxy.start(target.host(), target.port());
             Connection old = connect(target, proxy)) {
            assertEquals(1, selectOne(old));
            proxy.blackhole();
            assertTimeoutPreemptively(BOUND, () -> assertThrows(SQLException.class, () -> selectOne(old)));
            assertEquals(1, proxy.activeFlows(), "a blackhole closes nothing by itself");
            proxy.pass();
            assertWorks(target, proxy);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void blackholeAcceptsNewConnectionsButNeverAnswersThem(DbTarget server) throws Exception {
        DbTarget target = TestDatabases.requireAvailable(server);
        try (FaultProxy proxy = FaultProxy.start(target.host(), target.port())) {
            proxy.blackhole();
            assertTimeoutPreemptively(BOUND, () -> assertThrows(SQLException.class, () -> connect(target, proxy)));
            assertEquals(1, proxy.acceptedConnections(), "the TCP connect itself succeeded");
            proxy.pass();
            assertWorks(target, proxy);
        }
    }

    /** Issue 13: a connect made during a lossy blackhole stays lost after pass(); later connects work. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aConnectMadeDuringALossyBlackholeNeverReachesTheServerEvenAfterPass(DbTarget server) throws Exception {
        DbTarget target = TestDatabases.requireAvailable(server);
        try (FaultProxy proxy = FaultProxy.start(target.host(), target.port())) {
            proxy.blackholeLosingConnects();
            java.util.concurrent.CompletableFuture<Throwable> attempt = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (Connection c = connect(target, proxy)) {
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            Poll.until("the proxy accepted the connect", BOUND, () -> proxy.acceptedConnections() == 1);
            proxy.pass();
            Throwable failure = attempt.get(BOUND.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(failure instanceof SQLException, "the lost connect failed at its own timeout: " + failure);
            assertWorks(target, proxy);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void refuseNewRefusesConnectsFastButKeepsCurrentFlows(DbTarget server) throws Exception {
        DbTarget target = TestDatabases.requireAvailable(server);
        try (FaultProxy proxy = FaultProxy.start(target.host(), target.port());
             Connection old = connect(target, proxy)) {
            proxy.refuseNew();
            SQLException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertThrows(SQLException.class, () -> connect(target, proxy)));
            assertTrue(hasCause(e, ConnectException.class), () -> "expected connection refused, got " + e);
            assertEquals(1, selectOne(old), "existing flows keep working");
            proxy.pass();
            assertWorks(target, proxy);
        }
    }

    /**
     * A plain socket connect right after {@code refuseNew()} returns is refused, every time: the
     * listening socket is really gone, not merely closing while its acceptor thread still sits in
     * {@code accept()} (which let a connect through now and then on a loaded machine).
     */
    @Test
    void refuseNewHasClosedThePortWhenItReturns() throws Exception {
        try (FaultProxy proxy = FaultProxy.start("127.0.0.1", 9)) {
            for (int round = 0; round < 200; round++) {
                proxy.pass();
                proxy.refuseNew();
                try (Socket s = new Socket()) {
                    int r = round;
                    assertThrows(ConnectException.class,
                            () -> s.connect(new InetSocketAddress("127.0.0.1", proxy.port()), 1_000),
                            () -> "round " + r + ": connect after refuseNew() was not refused");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void latencyDelaysEveryRoundTripByAtLeastTheAddedLatency(DbTarget server) throws Exception {
        DbTarget target = TestDatabases.requireAvailable(server);
        try (FaultProxy proxy = FaultProxy.start(target.host(), target.port());
             Connection c = connect(target, proxy)) {
            assertEquals(1, selectOne(c));
            proxy.latency(Duration.ofMillis(100));
            long start = System.nanoTime();
            try (Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100));
            proxy.pass();
            assertEquals(1, selectOne(c));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void idleFlowsAreForgottenSoOldConnectionsTimeOutWhileNewOnesWork(DbTarget server) throws Exception {
        DbTarget target = TestDatabases.requireAvailable(server);
        FakeTicker ticker = new FakeTicker();
        try (FaultProxy proxy = FaultProxy.to(target.host(), target.port()).ticker(ticker).start();
             Connection old = connect(target, proxy)) {
            assertEquals(1, selectOne(old));
            proxy.dropIdleFlowsAfter(Duration.ofMinutes(5));
            ticker.advance(Duration.ofMinutes(5).plusSeconds(1));
            assertTimeoutPreemptively(BOUND, () -> assertThrows(SQLException.class, () -> selectOne(old)));
            assertEquals(1, proxy.droppedFlows());
            assertWorks(target, proxy);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void closeEndsEveryFlowAndThreadWithinAFewSeconds(DbTarget server) throws Exception {
        DbTarget target = TestDatabases.requireAvailable(server);
        FaultProxy proxy = FaultProxy.start(target.host(), target.port());
        String prefix = "faultproxy-" + proxy.port() + "-";
        try (Connection c = connect(target, proxy)) {
            assertEquals(1, selectOne(c));
            proxy.blackhole();
            assertTimeoutPreemptively(Duration.ofSeconds(5), proxy::close);
            assertEquals(0, proxy.activeFlows());
            Poll.until("proxy threads ended", BOUND, () -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith(prefix)));
            assertThrows(SQLException.class, () -> selectOne(c));
        }
        assertThrows(IOException.class, () -> new java.net.Socket("127.0.0.1", proxy.port()).close());
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
