package dev.tidepool.jdbc.bouncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.PgBouncerMode;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.LogCapture;
import dev.tidepool.testkit.PgBouncer;
import example.orders.OrderRepository;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Through a transaction-mode PgBouncer, SQL whose effect outlives its transaction is reported once
 * per statement with the statement and the application code that sent it (issue 12); SQL that ends
 * with its transaction is not, and no DISCARD ALL is sent on return.
 */
class SessionScopedSqlWarningTest {
    private static PgBouncer bouncer;

    @BeforeAll
    static void startBouncer() {
        bouncer = PgBouncer.start(PgBouncer.config("transaction", PgBouncer.TRANSACTION_PORT));
    }

    @AfterAll
    static void stopBouncer() {
        if (bouncer != null) {
            bouncer.close();
        }
    }

    @Test
    void sessionScopedSqlIsReportedOnceWithTheStatementAndTheCode() throws Exception {
        String name = Bouncers.uniqueName("scoped");
        try (LogCapture log = LogCapture.of(name);
             TidepoolDataSource ds = new TidepoolDataSource(Bouncers.config(bouncer, 2).poolName(name).build())) {
            OrderRepository orders = new OrderRepository(ds);
            orders.runWith("SET search_path TO public");
            orders.runWith("SET search_path TO public"); // the same statement again: no second warning
            orders.runWith("select pg_advisory_lock(42)");
            orders.runWith("select pg_advisory_unlock(42)");
            orders.runWith("LISTEN orders_changed");
            orders.runWith("UNLISTEN orders_changed");

            List<String> warnings = log.containing("session-scoped SQL through PgBouncer in transaction mode");
            assertEquals(3, warnings.size(), warnings::toString);
            String set = only(log.containing("(SET without LOCAL): SET search_path TO public at "));
            assertTrue(set.startsWith("WARNING " + name + " - "), set);
            assertTrue(set.contains(" at OrderRepository.runWith(OrderRepository.java:"), set);
            assertTrue(set.contains("Fix: use SET LOCAL inside a transaction"), set);
            only(log.containing("(session-level advisory lock): select pg_advisory_lock(?) at OrderRepository.runWith("));
            only(log.containing("(LISTEN): LISTEN orders_changed at OrderRepository.runWith("));
        }
    }

    @Test
    void setTransactionIsolationIsReportedOnceWithTheCode() throws Exception {
        String name = Bouncers.uniqueName("isolation");
        try (LogCapture log = LogCapture.of(name);
             TidepoolDataSource ds = new TidepoolDataSource(Bouncers.config(bouncer, 2).poolName(name).build())) {
            OrderRepository orders = new OrderRepository(ds);
            orders.runSerializable();
            orders.runSerializable();
            String w = only(log.containing("setTransactionIsolation through PgBouncer in transaction mode at "));
            assertTrue(w.startsWith("WARNING " + name + " - "), w);
            assertTrue(w.contains(" at OrderRepository.runSerializable(OrderRepository.java:"), w);
            assertTrue(w.contains("SET TRANSACTION ISOLATION LEVEL ... as the transaction's first statement"), w);
        }
    }

    @Test
    void aConfiguredIsolationLevelIsReportedWhenThePoolerIsDetected() throws Exception {
        String name = Bouncers.uniqueName("configured-isolation");
        try (LogCapture log = LogCapture.of(name);
             TidepoolDataSource ds = new TidepoolDataSource(Bouncers.config(bouncer, 1).poolName(name)
                     .transactionIsolation(Connection.TRANSACTION_REPEATABLE_READ).build())) {
            try (Connection c = ds.getConnection()) {
                Bouncers.intQuery(c, "select 1");
            }
            only(log.containing("transactionIsolation is set, but behind PgBouncer in transaction mode"));
        }
    }

    @Test
    void transactionScopedSqlIsNotReported() throws Exception {
        String name = Bouncers.uniqueName("local");
        try (LogCapture log = LogCapture.of(name);
             TidepoolDataSource ds = new TidepoolDataSource(Bouncers.config(bouncer, 2).poolName(name).build())) {
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                c.createStatement().execute("SET LOCAL statement_timeout = '5s'");
                c.createStatement().execute("select pg_advisory_xact_lock(7)");
                c.createStatement().execute("select set_config('app.user', 'x', true)");
                c.createStatement().execute("create temp table tp_bouncer_scratch (id int) on commit drop");
                c.commit();
            }
            assertTrue(log.containing("session-scoped").isEmpty(), log.lines()::toString);
        }
    }

    @Test
    void noFullResetIsSentInTransactionModeEvenWithSessionResetAlways() throws Exception {
        try (TidepoolDataSource ds = new TidepoolDataSource(Bouncers.config(bouncer, 1)
                .pgbouncer(PgBouncerMode.TRANSACTION).sessionReset(dev.tidepool.jdbc.SessionReset.ALWAYS).build())) {
            for (int i = 0; i < 3; i++) {
                try (Connection c = ds.getConnection()) {
                    Bouncers.intQuery(c, "select 1");
                }
            }
            assertEquals(0, discardCount(), "DISCARD ALL was sent through the bouncer");
        }
    }

    /** Server sessions of tp_bouncer whose last statement was DISCARD ALL (each return with a reset would end so). */
    private static int discardCount() throws Exception {
        try (Connection direct = PgBouncer.connectServer()) {
            return Bouncers.intQuery(direct, "select count(*) from pg_stat_activity where datname = 'tp_bouncer' "
                    + "and usename = 'tp_bouncer' and query ilike 'discard all%'");
        }
    }

    private static String only(List<String> lines) {
        assertEquals(1, lines.size(), lines::toString);
        return lines.get(0);
    }
}
