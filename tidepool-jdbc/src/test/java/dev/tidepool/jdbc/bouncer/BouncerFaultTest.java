package dev.tidepool.jdbc.bouncer;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.PgBouncer;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import dev.tidepool.jdbc.PgBouncerMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PgBouncer RECONNECT, KILL and a restart while 8 threads run transactions through a pool of 8
 * (issue 12), in transaction and in session mode. For each event: the operations that failed, the time from the
 * event to the first success and to the last failure. RECONNECT (server connections closed once
 * released) costs nothing; KILL and restart cut every client connection: the operations in flight
 * fail, the pool evicts the dead connections (on their first error, or by validation on borrow)
 * and recovers within the settle time. The figures are in docs/scaling.md.
 */
@Tag("fault")
class BouncerFaultTest {
    private static final int POOL = 8;
    private static final Duration SETTLE = Duration.ofMillis(1500);

    /** What one event cost. */
    record Figures(String event, long downMillis, int failed, long firstSuccessMillis, long lastFailureMillis,
                   List<String> errors) {
        @Override
        public String toString() {
            return String.format("%-14s down %4d ms, failed %2d, first success %3d ms after it was back, last failure "
                            + "%4s ms after the event; errors: %s", event, downMillis, failed, firstSuccessMillis,
                    lastFailureMillis < 0 ? "-" : String.valueOf(lastFailureMillis),
                    errors.stream().distinct().limit(2).collect(Collectors.joining(" | ")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"transaction", "session"})
    void thePoolRecoversFromReconnectKillAndRestart(String mode) throws Exception {
        try (PgBouncer bouncer = PgBouncer.start(PgBouncer.config(mode, mode.equals("transaction")
                ? PgBouncer.TRANSACTION_PORT : PgBouncer.SESSION_PORT));
             TidepoolDataSource ds = new TidepoolDataSource(Bouncers.config(bouncer, POOL).minIdle(POOL)
                     .pgbouncer(mode.equals("transaction") ? PgBouncerMode.AUTO : PgBouncerMode.SESSION)
                     .acquireTimeout(Duration.ofSeconds(5)).build())) {
            try (Connection c = ds.getConnection()) {
                BouncerLoad.createTable(c);
            }
            BouncerLoad load = new BouncerLoad(List.<DataSource>of(ds), POOL, 1000).start();
            settle();
            assertEquals(List.of(), load.failures(), "failures before any fault");

            long t = load.now();
            bouncer.admin("RECONNECT tp_bouncer");
            settle();
            Figures reconnect = figures("RECONNECT", load, t, t);

            t = load.now();
            bouncer.admin("KILL tp_bouncer");
            bouncer.admin("RESUME tp_bouncer");
            long back = load.now();
            settle();
            Figures kill = figures("KILL + RESUME", load, t, back);

            t = load.now();
            bouncer.restart();
            back = load.now();
            settle();
            Figures restart = figures("restart", load, t, back);

            assertEquals(List.of(), load.stop(10_000), "load threads stuck");
            System.out.println("[PgBouncer faults, pool " + POOL + ", " + POOL + " threads, " + mode + " mode, "
                    + load.ok() + " transactions]\n  " + reconnect + "\n  " + kill + "\n  " + restart);

            assertEquals(0, reconnect.failed(), reconnect::toString);
            for (Figures f : List.of(reconnect, kill, restart)) {
                assertTrue(f.firstSuccessMillis() >= 0, "no success after " + f);
                assertTrue(f.lastFailureMillis() < SETTLE.toMillis() + f.downMillis(),
                        "still failing at the end of the settle time: " + f);
            }
            assertTrue(kill.failed() <= 2 * POOL, "KILL cost more than the connections in flight and idle: " + kill);
        }
    }

    private static Figures figures(String event, BouncerLoad load, long at, long back) {
        List<BouncerLoad.Failure> failed = load.failuresAfter(at);
        long first = load.firstSuccessAfter(back);
        long last = load.lastFailureAfter(at);
        return new Figures(event, TimeUnit.NANOSECONDS.toMillis(back - at), failed.size(),
                first < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(first - back),
                last < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(last - at),
                failed.stream().map(f -> f.error().length() > 110 ? f.error().substring(0, 110) : f.error()).toList());
    }

    /** The load runs on its own for this long after an event: the window the figures are taken in. */
    private static void settle() throws InterruptedException {
        Thread.sleep(SETTLE.toMillis());
    }
}
