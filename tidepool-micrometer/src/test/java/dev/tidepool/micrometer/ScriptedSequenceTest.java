package dev.tidepool.micrometer;

import dev.tidepool.jdbc.TidepoolConfig;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.DbTarget;
import dev.tidepool.testkit.Poll;
import dev.tidepool.testkit.TestDatabases;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 10: every meter, in a real SimpleMeterRegistry and in a real Prometheus scrape, with the
 * right values after a scripted sequence on real PostgreSQL and MariaDB: borrow, hold (a borrower
 * waits for the held connection), a timeout, a borrower's changed attributes reset, and a
 * connection killed by the server (pg_terminate_backend, KILL) and destroyed as broken.
 */
class ScriptedSequenceTest {
    /** How long this package's tests give the pool's own threads to settle. */
    static final Duration SETTLE = Duration.ofSeconds(10);

    /** The meters every binding has, by Prometheus name (each with the pool's tag). */
    static final List<String> OTEL_SERIES = List.of(
            "db_client_connection_count{db_client_connection_pool_name=\"%s\",db_client_connection_state=\"idle\"}",
            "db_client_connection_count{db_client_connection_pool_name=\"%s\",db_client_connection_state=\"used\"}",
            "db_client_connection_idle_max{db_client_connection_pool_name=\"%s\"}",
            "db_client_connection_idle_min{db_client_connection_pool_name=\"%s\"}",
            "db_client_connection_max{db_client_connection_pool_name=\"%s\"}",
            "db_client_connection_pending_requests{db_client_connection_pool_name=\"%s\"}",
            "db_client_connection_timeouts_total{db_client_connection_pool_name=\"%s\"}",
            "db_client_connection_create_time_seconds_count{db_client_connection_pool_name=\"%s\"}",
            "db_client_connection_create_time_seconds_sum{db_client_connection_pool_name=\"%s\"}",
            "db_client_connection_create_time_seconds_max{db_client_connection_pool_name=\"%s\"}",
            "db_client_connection_wait_time_seconds_count{db_client_connection_pool_name=\"%s\"}",
            "db_client_connection_wait_time_seconds_sum{db_client_connection_pool_name=\"%s\"}",
            "db_client_connection_wait_time_seconds_max{db_client_connection_pool_name=\"%s\"}",
            "db_client_connection_use_time_seconds_count{db_client_connection_pool_name=\"%s\"}",
            "db_client_connection_use_time_seconds_sum{db_client_connection_pool_name=\"%s\"}",
            "db_client_connection_use_time_seconds_max{db_client_connection_pool_name=\"%s\"}");

    static final List<String> HIKARI_SERIES = List.of(
            "hikaricp_connections{pool=\"%s\"}", "hikaricp_connections_active{pool=\"%s\"}",
            "hikaricp_connections_idle{pool=\"%s\"}", "hikaricp_connections_pending{pool=\"%s\"}",
            "hikaricp_connections_max{pool=\"%s\"}", "hikaricp_connections_min{pool=\"%s\"}",
            "hikaricp_connections_timeout_total{pool=\"%s\"}",
            // the series HikariCP's Micrometer timers have (a dashboard may use any of them)
            "hikaricp_connections_acquire_seconds_count{pool=\"%s\"}", "hikaricp_connections_acquire_seconds_sum{pool=\"%s\"}",
            "hikaricp_connections_acquire_seconds_max{pool=\"%s\"}",
            "hikaricp_connections_usage_seconds_count{pool=\"%s\"}", "hikaricp_connections_usage_seconds_sum{pool=\"%s\"}",
            "hikaricp_connections_usage_seconds_max{pool=\"%s\"}",
            "hikaricp_connections_creation_seconds_count{pool=\"%s\"}", "hikaricp_connections_creation_seconds_sum{pool=\"%s\"}",
            "hikaricp_connections_creation_seconds_max{pool=\"%s\"}");

    static final List<String> REASONS = List.of("lifetime", "idle", "broken", "validation_failed", "reset_failed", "leaked",
            "evicted", "made_room", "pool_closed", "shrunk", "rebalanced");
    static final List<String> CLASSES = List.of("unknown_host", "refused", "timeout", "auth_failed", "database_not_found",
            "server_full", "tls", "other");
    static final List<String> ATTRIBUTES = List.of("auto_commit", "transaction_isolation", "read_only", "catalog", "schema",
            "holdability", "network_timeout", "transaction", "session");

    private static DbTarget target(String vendor) {
        return TestDatabases.requireAvailable("postgresql".equals(vendor) ? TestDatabases.postgres() : TestDatabases.mariadb());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "mariadb"})
    void everyMeterIsThereWithTheRightValuesAfterAScriptedSequence(String vendor) throws Exception {
        DbTarget db = target(vendor);
        String pool = "tp_metrics_seq_" + vendor;
        TidepoolConfig config = TidepoolConfig.builder().jdbcUrl(db.url()).username(db.user()).password(db.password())
                .poolName(pool).maxSize(2).minIdle(0).acquireTimeout(Duration.ofSeconds(3))
                .validationTimeout(Duration.ofMillis(500)).drainTimeout(Duration.ofSeconds(2)).build();
        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (TidepoolDataSource ds = new TidepoolDataSource(config);
             TidepoolMetrics metrics = TidepoolMetrics.forDataSource(ds).withHikariNames()) {
            metrics.bindTo(simple);
            metrics.bindTo(prometheus);
            String scrape = prometheus.scrape();
            for (String series : concat(OTEL_SERIES, HIKARI_SERIES)) {
                assertTrue(scrape.contains(String.format(series, pool)), "missing " + String.format(series, pool) + " in\n" + scrape);
            }
            for (String r : REASONS) {
                assertTrue(has(scrape, "tidepool_connections_destroyed_total", pool, "reason=\"" + r + "\""), r);
            }
            for (String c : CLASSES) {
                assertTrue(has(scrape, "tidepool_connections_connect_failures_total", pool, "class=\"" + c + "\""), c);
            }
            for (String a : ATTRIBUTES) {
                assertTrue(has(scrape, "tidepool_connections_resets_total", pool, "attribute=\"" + a + "\""), a);
            }
            assertTrue(has(scrape, "tidepool_connections_idle_in_transaction_total", pool, ""));
            assertTrue(has(scrape, "tidepool_connections_leaks_total", pool, "kind=\"held_too_long\""));
            assertTrue(has(scrape, "tidepool_connections_leaks_total", pool, "kind=\"abandoned\""));
            assertTrue(has(scrape, "tidepool_pool_suspended", pool, ""));
            assertEquals(2.0, gauge(simple, "db.client.connection.max"));
            assertEquals(0.0, gauge(simple, "db.client.connection.idle.min"));

            // borrow: the connection failFast opened is lent, as used
            Connection first = ds.getConnection();
            assertEquals(1.0, state(simple, "used"));
            assertEquals(0.0, state(simple, "idle"));
            // hold: a second borrower takes the other slot, a third waits for a return
            Connection second = ds.getConnection();
            long sessionOfSecond = sessionId(second, vendor);
            Future<Boolean> waiter = executor.submit(() -> {
                try (Connection c = ds.getConnection()) {
                    return c.isValid(1);
                }
            });
            await("a borrower waits", () -> gauge(simple, "db.client.connection.pending_requests") == 1.0);
            assertEquals(1.0, gauge(simple, "hikaricp.connections.pending"));
            long heldSince = System.nanoTime();
            await("50 ms held", () -> System.nanoTime() - heldSince > Duration.ofMillis(50).toNanos());
            first.setAutoCommit(false);
            first.setReadOnly(true);
            try (Statement s = first.createStatement()) {
                s.execute("select 1");
            }
            first.close(); // resets: transaction rolled back, autoCommit and readOnly restored
            assertTrue(waiter.get(5, TimeUnit.SECONDS));
            FunctionTimer wait = simple.get("db.client.connection.wait_time").functionTimer();
            assertEquals(3, wait.count(), "three borrows since binding");
            double maxWait = simple.get("db.client.connection.wait_time.max").timeGauge().value(TimeUnit.MILLISECONDS);
            assertTrue(maxWait >= 50, "the waiter waited the hold: " + maxWait);
            assertTrue(wait.totalTime(TimeUnit.MILLISECONDS) >= maxWait, "the total has the longest: " + wait.totalTime(TimeUnit.MILLISECONDS));
            assertEquals(2, simple.get("db.client.connection.use_time").functionTimer().count(), "two returns so far");
            assertTrue(simple.get("db.client.connection.use_time.max").timeGauge().value(TimeUnit.MILLISECONDS) >= 50,
                    "the first was held for the hold");
            assertEquals(3, simple.get("hikaricp.connections.acquire").functionTimer().count(), "the same, in HikariCP's names");
            assertEquals(2, simple.get("hikaricp.connections.usage").functionTimer().count());
            assertEquals(1.0, reset(simple, "transaction"));
            assertEquals(1.0, reset(simple, "auto_commit"));
            assertEquals(1.0, reset(simple, "read_only"));

            // timeout: both slots held (second, and the first again)
            Connection again = ds.getConnection();
            ds.setAcquireTimeout(Duration.ofMillis(600));
            assertThrows(SQLTransientConnectionException.class, ds::getConnection);
            assertEquals(1.0, simple.get("db.client.connection.timeouts").counter().count());
            assertEquals(1.0, simple.get("hikaricp.connections.timeout").counter().count());
            again.close();

            // kill: the server ends the second's session; its next call fails, and the return destroys it
            try (Connection killer = ds.getConnection(); Statement s = killer.createStatement()) {
                s.execute("postgresql".equals(vendor) ? "select pg_terminate_backend(" + sessionOfSecond + ")"
                        : "KILL CONNECTION " + sessionOfSecond);
            }
            awaitDead(second);
            second.close();
            await("destroyed as broken", () -> simple.get("tidepool.connections.destroyed").tag("reason", "broken")
                    .counter().count() == 1.0);
            await("replaced on demand", () -> {
                try (Connection c = ds.getConnection()) {
                    return c.isValid(1);
                } catch (SQLException e) {
                    return false;
                }
            });
            assertEquals(1, simple.get("db.client.connection.create_time").timer().count(),
                    "only the second connection was created after binding (minIdle 0: the broken one is replaced on demand,"
                            + " and the idle one served it)");
            assertEquals(simple.get("db.client.connection.create_time").timer().count(),
                    simple.get("hikaricp.connections.creation").timer().count());
            assertEquals(0.0, simple.get("tidepool.connections.connect_failures").tag("class", "auth_failed").counter().count());

            // the same values in the Prometheus scrape
            String after = prometheus.scrape();
            assertTrue(after.contains("tidepool_connections_destroyed_total{db_client_connection_pool_name=\"" + pool
                    + "\",reason=\"broken\"} 1.0"), after);
            assertTrue(after.contains("db_client_connection_timeouts_total{db_client_connection_pool_name=\"" + pool + "\"} 1.0"),
                    after);
            assertTrue(after.contains("tidepool_connections_resets_total{attribute=\"auto_commit\",db_client_connection_pool_name=\""
                    + pool + "\"} 1.0"), after);
            assertTrue(after.contains("hikaricp_connections_timeout_total{pool=\"" + pool + "\"} 1.0"), after);
            long borrows = (long) simple.get("db.client.connection.wait_time").functionTimer().count();
            long returns = (long) simple.get("db.client.connection.use_time").functionTimer().count();
            assertEquals(6, borrows, "first, second, the waiter, again, the killer, the replacement (the timeout is no borrow)");
            assertEquals(6, returns);
            assertTrue(after.contains("db_client_connection_wait_time_seconds_count{db_client_connection_pool_name=\"" + pool
                    + "\"} " + borrows), after);
            assertTrue(after.contains("db_client_connection_use_time_seconds_count{db_client_connection_pool_name=\"" + pool
                    + "\"} " + returns), after);
            assertTrue(after.contains("hikaricp_connections_acquire_seconds_count{pool=\"" + pool + "\"} " + borrows), after);
        } finally {
            executor.shutdownNow();
        }
        assertTrue(simple.getMeters().isEmpty(), "closing the binder removed its meters");
    }

    private static long sessionId(Connection c, String vendor) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("postgresql".equals(vendor) ? "select pg_backend_pid()" : "select connection_id()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Runs a statement on the killed connection until the driver notices (the kill is asynchronous). */
    private static void awaitDead(Connection killed) {
        await("the killed connection fails", () -> {
            try (Statement s = killed.createStatement()) {
                s.execute("select 1");
                return false;
            } catch (SQLException expected) {
                return true;
            }
        });
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static boolean has(String scrape, String name, String pool, String tag) {
        return scrape.lines().anyMatch(l -> l.startsWith(name + "{") && l.contains("db_client_connection_pool_name=\"" + pool + "\"")
                && l.contains(tag));
    }

    private static double gauge(MeterRegistry r, String name) {
        return r.get(name).gauge().value();
    }

    private static double state(MeterRegistry r, String state) {
        return r.get("db.client.connection.count").tag("db.client.connection.state", state).gauge().value();
    }

    private static double reset(MeterRegistry r, String attribute) {
        return r.get("tidepool.connections.resets").tag("attribute", attribute).counter().count();
    }

    /** Bounded polling ({@link Poll}) for what the pool's own threads make true, with this package's bound. */
    static void await(String what, BooleanSupplier condition) {
        Poll.until(what, SETTLE, condition);
    }
}
