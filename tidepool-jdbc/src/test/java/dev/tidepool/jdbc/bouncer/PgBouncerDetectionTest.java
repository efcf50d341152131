package dev.tidepool.jdbc.bouncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.jdbc.PgBouncerMode;
import dev.tidepool.jdbc.TidepoolDataSource;
import dev.tidepool.testkit.LogCapture;
import dev.tidepool.testkit.PgBouncer;
import java.sql.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * pgbouncer=auto tells a PgBouncer from PostgreSQL itself by the backend key (issue 12), and in
 * transaction mode pgjdbc's prepareThreshold becomes 0 unless the configuration sets it.
 */
class PgBouncerDetectionTest {
    private static PgBouncer transaction;
    private static PgBouncer session;

    @BeforeAll
    static void startBouncers() {
        transaction = PgBouncer.start(PgBouncer.config("transaction", PgBouncer.TRANSACTION_PORT));
        session = PgBouncer.start(PgBouncer.config("session", PgBouncer.SESSION_PORT));
    }

    @AfterAll
    static void stopBouncers() {
        Bouncers.stop(transaction, session);
    }

    @Test
    void autoDetectsThePoolerAndTurnsServerSidePreparedStatementsOff() throws Exception {
        String name = Bouncers.uniqueName("detect");
        try (LogCapture log = LogCapture.of(name);
             TidepoolDataSource ds = new TidepoolDataSource(Bouncers.config(transaction, 2).poolName(name).build())) {
            try (Connection c = ds.getConnection()) {
                assertEquals(0, c.unwrap(PGConnection.class).getPrepareThreshold());
            }
            assertEquals(1, log.containing("is a connection pooler such as PgBouncer").size(), log.lines()::toString);
            assertEquals(1, log.containing("prepareThreshold set to 0").size(), log.lines()::toString);
        }
    }

    @Test
    void autoTakesPostgresItselfForPostgres() throws Exception {
        String name = Bouncers.uniqueName("direct");
        try (LogCapture log = LogCapture.of(name);
             TidepoolDataSource ds = new TidepoolDataSource(Bouncers.config(transaction, 2).poolName(name)
                     .jdbcUrl("jdbc:postgresql://127.0.0.1:5432/" + PgBouncer.DATABASE).build())) {
            try (Connection c = ds.getConnection()) {
                assertEquals(5, c.unwrap(PGConnection.class).getPrepareThreshold(), "pgjdbc's default");
            }
            assertTrue(log.containing("PgBouncer").isEmpty(), log.lines()::toString);
        }
    }

    @Test
    void aPrepareThresholdTheUserChoseIsKept() throws Exception {
        String name = Bouncers.uniqueName("chosen");
        try (LogCapture log = LogCapture.of(name);
             TidepoolDataSource ds = new TidepoolDataSource(Bouncers.config(transaction, 2).poolName(name)
                     .driverProperty("prepareThreshold", "3").build())) {
            try (Connection c = ds.getConnection()) {
                assertEquals(3, c.unwrap(PGConnection.class).getPrepareThreshold());
            }
            assertEquals(1, log.containing("prepareThreshold is kept as configured").size(), log.lines()::toString);
        }
    }

    @Test
    void sessionModeKeepsPgjdbcDefaultsAndTheFullReset() throws Exception {
        try (TidepoolDataSource ds = new TidepoolDataSource(Bouncers.config(session, 1)
                .pgbouncer(PgBouncerMode.SESSION).build())) {
            try (Connection c = ds.getConnection()) {
                assertEquals(5, c.unwrap(PGConnection.class).getPrepareThreshold());
                c.createStatement().execute("SET search_path TO pg_catalog");
            }
            try (Connection c = ds.getConnection()) {
                assertEquals("\"$user\", public", Bouncers.stringQuery(c, "show search_path"),
                        "DISCARD ALL on return restored the session");
            }
        }
    }

    @Test
    void offChangesNothingThroughATransactionModeBouncer() throws Exception {
        String name = Bouncers.uniqueName("off");
        try (LogCapture log = LogCapture.of(name);
             TidepoolDataSource ds = new TidepoolDataSource(Bouncers.config(transaction, 1).poolName(name)
                     .pgbouncer(PgBouncerMode.OFF).build())) {
            try (Connection c = ds.getConnection()) {
                assertEquals(5, c.unwrap(PGConnection.class).getPrepareThreshold());
            }
            assertTrue(log.containing("PgBouncer").isEmpty(), log.lines()::toString);
        }
    }
}
