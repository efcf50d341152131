package dev.tidepool.jdbc.bouncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.PgBouncer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A prepared-statement workload through PgBouncer 1.18 in transaction mode: with pgjdbc's defaults
 * (prepareThreshold 5) a statement prepared on one server connection is executed on another and
 * fails; through Tidepool's defaults (pgbouncer=auto sets prepareThreshold=0) it passes (issue 12).
 * 8 clients share a bouncer pool of 2 server connections, so transactions move between them.
 */
class PreparedStatementsThroughBouncerTest {
    private static final int CLIENTS = 8;
    private static final int ROUNDS = 40;
    private static PgBouncer bouncer;

    @BeforeAll
    static void startBouncer() {
        bouncer = PgBouncer.start(PgBouncer.config("transaction", PgBouncer.TRANSACTION_PORT).poolSize(2));
    }

    @AfterAll
    static void stopBouncer() {
        if (bouncer != null) {
            bouncer.close();
        }
    }

    /** Each client: its own connection, one PreparedStatement reused, in autocommit mode. */
    private interface ConnectionSource {
        Connection get() throws SQLException;
    }

    @Test
    void plainPgjdbcFailsThroughATransactionModeBouncer() throws Exception {
        List<String> errors = run(() -> DriverManager.getConnection(bouncer.jdbcUrl() + "?socketTimeout=30", PgBouncer.USER, ""));
        System.out.println("[prepared statements, plain pgjdbc] " + errors.size() + " of " + CLIENTS * ROUNDS
                + " executions failed; first: " + (errors.isEmpty() ? "none" : errors.get(0)));
        assertFalse(errors.isEmpty(), "pgjdbc's server-side prepared statements were expected to fail in transaction mode");
        assertTrue(errors.stream().anyMatch(e -> e.matches("(?s).*prepared statement \"S_\\d+\" (does not exist|already exists).*")),
                errors::toString);
    }

    @Test
    void tidepoolsDefaultsPassThroughATransactionModeBouncer() throws Exception {
        try (TidepoolDataSource ds = new TidepoolDataSource(Bouncers.config(bouncer, CLIENTS).build())) {
            List<String> errors = run(ds::getConnection);
            assertEquals(List.of(), errors);
        }
    }

    private static List<String> run(ConnectionSource source) throws Exception {
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            int client = i;
            Thread t = new Thread(() -> {
                try (Connection c = source.get();
                     PreparedStatement ps = c.prepareStatement("select ?::int + 1")) {
                    for (int r = 0; r < ROUNDS; r++) {
                        try {
                            ps.setInt(1, r);
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                                if (rs.getInt(1) != r + 1) {
                                    errors.add("client " + client + ": wrong result " + rs.getInt(1));
                                }
                            }
                            done.incrementAndGet();
                        } catch (SQLException e) {
                            errors.add(e.getMessage());
                        }
                    }
                } catch (SQLException e) {
                    errors.add("client " + client + ": " + e.getMessage());
                } finally {
                    finished.countDown();
                }
            }, "prepared-" + i);
            t.setDaemon(true);
            t.start();
        }
        assertTrue(finished.await(60, TimeUnit.SECONDS), "clients did not finish within 60 s");
        return List.copyOf(errors);
    }
}
