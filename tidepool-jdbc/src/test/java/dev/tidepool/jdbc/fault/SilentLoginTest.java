package dev.tidepool.jdbc.fault;

import dev.tidepool.testkit.Poll;
import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.FaultProxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4, item 3, at connect time: the server accepts TCP and then says nothing, and the URL sets
 * no driver timeout at all. pgjdbc and MariaDB Connector/J would wait forever in login, holding a
 * pool thread and a slot; the pool bounds connection set-up by acquireTimeout itself, and that
 * bound never leaks into the borrower's queries once the connection is set up.
 */
@Tag("fault")
class SilentLoginTest {
    private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(1);

    static List<String> databases() {
        return FaultDb.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSilentLoginFailsWithinTheBoundAndTheBoundDoesNotOutliveTheLogin(String database) throws Exception {
        try (FaultDb db = FaultDb.open(database, "login");
                FaultProxy proxy = FaultProxy.start(db.target.host(), db.target.port())) {
            proxy.blackhole(); // new connects are accepted, then nothing is forwarded
            String noDriverTimeouts = db.target.urlVia(proxy.port());
            try (TidepoolDataSource ds = new TidepoolDataSource(db.pool(noDriverTimeouts).maxSize(1).minIdle(1)
                    .failFast(false).acquireTimeout(ACQUIRE_TIMEOUT).validationTimeout(Duration.ofMillis(500))
                    .build())) {
                long start = System.nanoTime();
                boolean failed = Poll.within(Duration.ofSeconds(10), () -> ds.stats().createFailures() > 0);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                Figures.report("silent login", db, "first connect attempt ended after " + took.toMillis()
                        + " ms: " + ds.stats().lastCreateFailure());
                assertTrue(failed, () -> "no connect attempt ended within 10 s: " + ds.stats());
                assertTrue(ds.stats().lastCreateFailure().startsWith("TIMEOUT: "), ds.stats()::toString);

                proxy.pass();
                assertTrue(Poll.within(Duration.ofSeconds(10), () -> connects(ds)), () -> "no connection after the "
                        + "network returned: " + ds.stats());
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    assertEquals(0, c.getNetworkTimeout(), "the login bound must not stay on the connection");
                    // Longer than the login bound: a socket timeout left over from login would break it.
                    s.execute(db.postgres ? "select pg_sleep(1.5)" : "select sleep(1.5)");
                }
            }
            assertTrue(Poll.within(Duration.ofSeconds(10), () -> driverLoginThreads().isEmpty()),
                    () -> "driver threads left blocked on the silent sockets: " + driverLoginThreads());
        }
    }

    private static boolean connects(TidepoolDataSource ds) {
        try (Connection c = ds.getConnection()) {
            return c.isValid(1);
        } catch (Exception e) {
            return false;
        }
    }

    /** pgjdbc's loginTimeout runs the login in a thread of its own, abandoned on timeout. */
    private static List<String> driverLoginThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.contains("PostgreSQL JDBC driver connection thread")).collect(Collectors.toList());
    }
}
